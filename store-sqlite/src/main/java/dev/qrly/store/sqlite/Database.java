package dev.qrly.store.sqlite;

import dev.qrly.core.DomainException;
import dev.qrly.store.jdbc.Sql;
import dev.qrly.store.jdbc.Sql.Work;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The connections to one SQLite file and the transactions on them.
 *
 * <p>SQLite lets one connection write at a time. Rather than have several writers retry on
 * {@code SQLITE_BUSY}, all writes go through one connection under a lock, so that they queue in
 * Java, fairly and without timeouts. Reads use a small pool of their own connections: in WAL mode
 * a reader sees the last committed state and never waits for the writer.
 */
final class Database implements Sql, AutoCloseable {

    /** The error code of a write refused for a full disk. */
    private static final String STORAGE_FULL = "storage_full";
    private static final long READ_WAIT_STEP_MILLIS = 100;
    private static final long PING_WAIT_MILLIS = 2_000;

    private final Connection writer;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final BlockingQueue<Connection> readers;
    private volatile boolean closed;

    Database(Connection writer, List<Connection> readers) {
        this.writer = writer;
        this.readers = new ArrayBlockingQueue<>(readers.size(), false, readers);
    }

    /** Instants as this database keeps them ({@link Rows}). */
    @Override
    public void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        Rows.setInstant(ps, index, value);
    }

    @Override
    public Instant instant(ResultSet rs, String column) throws SQLException {
        return Rows.instant(rs, column);
    }

    @Override
    public void setUuid(PreparedStatement ps, int index, UUID value) throws SQLException {
        ps.setBytes(index, Rows.bytes(value));
    }

    @Override
    public UUID uuid(ResultSet rs, String column) throws SQLException {
        return Rows.uuid(rs.getBytes(column));
    }

    /**
     * Runs {@code work} in one write transaction, committed if it returns and rolled back if it
     * throws.
     *
     * @param action what is being done, for the message of a failure, such as {@code "insert code X"}
     * @throws SqliteStoreException wrapping an {@link SQLException} from the work
     */
    @Override
    public <T> T write(String action, Work<T> work) {
        writeLock.lock();
        try {
            checkOpen();
            // IMMEDIATE takes the write lock at once: a deferred transaction that reads first could
            // fail to upgrade if another process wrote in between
            return inTransaction(writer, "BEGIN IMMEDIATE", action, work);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Runs {@code work} on a read connection in one read transaction, so that its several queries
     * see the same committed state.
     *
     * @throws SqliteStoreException wrapping an {@link SQLException} from the work
     */
    @Override
    public <T> T read(String action, Work<T> work) {
        Connection connection = takeReader(action);
        try {
            return inTransaction(connection, "BEGIN", action, work);
        } finally {
            release(connection);
        }
    }

    /** Whether a read connection answers within a short wait; never throws. */
    boolean ping() {
        if (closed) {
            return false;
        }
        Connection connection = null;
        try {
            connection = readers.poll(PING_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            if (connection == null || closed) {
                return false;
            }
            try (Statement statement = connection.createStatement()) {
                return statement.executeQuery("SELECT 1").next();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        } finally {
            if (connection != null) {
                release(connection);
            }
        }
    }

    /**
     * Waits for the write in progress, if any, then closes every connection; reads in progress
     * finish on theirs, which is closed as it is given back.
     */
    @Override
    public void close() {
        List<SQLException> failures = new ArrayList<>();
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            closeQuietly(writer, failures);
        } finally {
            writeLock.unlock();
        }
        Connection idle;
        while ((idle = readers.poll()) != null) {
            closeQuietly(idle, failures);
        }
        if (!failures.isEmpty()) {
            RuntimeException e = failure("close the database", failures.get(0));
            failures.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
    }

    private Connection takeReader(String action) {
        try {
            while (true) {
                checkOpen();
                Connection connection = readers.poll(READ_WAIT_STEP_MILLIS, TimeUnit.MILLISECONDS);
                if (connection != null) {
                    if (closed) {
                        release(connection);
                        checkOpen();
                    }
                    return connection;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SqliteStoreException("the SQLite store could not " + action + " (interrupted waiting for a connection)", e);
        }
    }

    private void release(Connection connection) {
        if (!closed) {
            readers.offer(connection);
            // close() may have drained the pool between the check and the offer
            if (!closed || !readers.remove(connection)) {
                return;
            }
        }
        closeQuietly(connection, new ArrayList<>());
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the SQLite store is closed");
        }
    }

    private static <T> T inTransaction(Connection connection, String begin, String action, Work<T> work) {
        execute(connection, begin, action);
        T result;
        try {
            result = work.run(connection);
        } catch (SQLException e) {
            rollback(connection, e);
            throw failure(action, e);
        } catch (RuntimeException | Error e) {
            rollback(connection, e);
            throw e;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("COMMIT");
        } catch (SQLException e) {
            // a failed COMMIT can leave the transaction open, and the connection is reused
            rollback(connection, e);
            throw failure(action, e);
        }
        return result;
    }

    private static void execute(Connection connection, String sql, String action) {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw failure(action, e);
        }
    }

    private static void rollback(Connection connection, Throwable cause) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ROLLBACK");
        } catch (SQLException e) {
            // SQLite has already rolled back after some errors (a full disk, say): nothing is lost
            cause.addSuppressed(e);
        }
    }

    private static void closeQuietly(Connection connection, List<SQLException> failures) {
        try {
            connection.close();
        } catch (SQLException e) {
            failures.add(e);
        }
    }

    /**
     * The store's exception for a failed statement: it names the action and SQLite's result code,
     * never the statement; the cause has SQLite's own message.
     */
    /**
     * The store's exception for a failed SQL statement. A full disk ({@code SQLITE_FULL}) is no bug
     * and passes when space returns: it is the domain's UNAVAILABLE ({@code storage_full}), which
     * the API answers 503 with Retry-After.
     */
    static RuntimeException failure(String action, SQLException e) {
        String code = e instanceof SQLiteException s ? s.getResultCode().name() : "error code " + e.getErrorCode();
        if ((e.getErrorCode() & 0xFF) == SQLiteErrorCode.SQLITE_FULL.code) {
            DomainException full = new DomainException(DomainException.Kind.UNAVAILABLE, STORAGE_FULL,
                    "the disk of the service's data folder is full, so the store could not " + action + "; try again later", null);
            full.initCause(e);
            return full;
        }
        return new SqliteStoreException("the SQLite store could not " + action + " (" + code + ")", e);
    }

    /** Whether {@code e} is a unique or primary key violation on {@code table.column}. */
    static boolean violates(SQLException e, String tableDotColumn) {
        boolean constraint = e instanceof SQLiteException s
                ? s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                        || s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY
                : (e.getErrorCode() & 0xFF) == SQLiteErrorCode.SQLITE_CONSTRAINT.code;
        String message = e.getMessage();
        return constraint && message != null && message.contains("constraint failed: " + tableDotColumn);
    }
}
