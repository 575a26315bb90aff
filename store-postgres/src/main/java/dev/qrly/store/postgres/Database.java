package dev.qrly.store.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.qrly.core.DomainException;
import dev.qrly.store.jdbc.Sql;
import dev.qrly.store.jdbc.Sql.Work;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A pool of connections to one PostgreSQL database and the transactions on them.
 *
 * <p>Unlike SQLite, PostgreSQL takes any number of writers at once, and other instances of the
 * service write to the same database: there is no write lock here, every call takes a pooled
 * connection. A write runs in one transaction (READ COMMITTED); one that loses a deadlock or a
 * serialization conflict to another transaction is run again, up to {@value #ATTEMPTS} times, so
 * its work must touch nothing but the connection. A read runs in auto-commit mode: the stores
 * write each read as one statement where its parts must agree (a code and its tags).
 *
 * <p>Nothing waits long for a server that is gone: the pool gives up after
 * {@link PostgresStorage#CONNECTION_TIMEOUT_MILLIS}, and a failure to reach the server becomes a
 * {@link DomainException} of kind {@code UNAVAILABLE}, which the API answers with a 503.
 */
final class Database implements Sql, AutoCloseable {

    static final int ATTEMPTS = 3;
    private static final int PING_SECONDS = 2;
    /** serialization_failure and deadlock_detected: the transaction did nothing and may simply be run again. */
    private static final Set<String> RETRYABLE = Set.of("40001", "40P01");
    /** admin_shutdown, crash_shutdown, cannot_connect_now: the server is going or not there yet. */
    private static final Set<String> SERVER_GONE = Set.of("57P01", "57P02", "57P03");

    private final HikariDataSource pool;
    private final String server;
    private volatile boolean closed;

    /** @param server {@code host:port}, for messages */
    Database(HikariDataSource pool, String server) {
        this.pool = pool;
        this.server = server;
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
        ps.setObject(index, value);
    }

    @Override
    public UUID uuid(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, UUID.class);
    }

    /**
     * Runs {@code work} in one transaction, committed if it returns and rolled back if it throws;
     * run again if it lost a deadlock or serialization conflict.
     *
     * @param action what is being done, for the message of a failure, such as {@code "insert code X"}
     * @throws DomainException of kind {@code UNAVAILABLE} if the server cannot be reached
     * @throws PostgresStoreException wrapping any other {@link SQLException}
     * @throws IllegalStateException once the store is closed
     */
    @Override
    public <T> T write(String action, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            // the pool puts the connection back in auto-commit mode when it is given back
            try (Connection connection = connect()) {
                connection.setAutoCommit(false);
                try {
                    T result = work.run(connection);
                    connection.commit();
                    return result;
                } catch (SQLException | RuntimeException | Error e) {
                    rollback(connection, e);
                    throw e;
                }
            } catch (SQLException e) {
                if (attempt < ATTEMPTS && e.getSQLState() != null && RETRYABLE.contains(e.getSQLState())) {
                    continue;
                }
                throw failure(action, e);
            }
        }
    }

    /**
     * Runs {@code work} on a connection in auto-commit mode: each statement sees the last
     * committed state.
     *
     * @throws DomainException of kind {@code UNAVAILABLE} if the server cannot be reached
     * @throws PostgresStoreException wrapping any other {@link SQLException}
     * @throws IllegalStateException once the store is closed
     */
    @Override
    public <T> T read(String action, Work<T> work) {
        try (Connection connection = connect()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(action, e);
        }
    }

    /** Whether a connection answers within about two seconds; never throws. */
    boolean ping() {
        if (closed) {
            return false;
        }
        try (Connection connection = pool.getConnection()) {
            return connection.isValid(PING_SECONDS);
        } catch (Exception e) {
            return false;
        }
    }

    /** Closes the pool: connections in use are closed as they are given back. Closing twice does nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        pool.close();
    }

    private Connection connect() throws SQLException {
        if (closed) {
            throw new IllegalStateException("the PostgreSQL store is closed");
        }
        return pool.getConnection();
    }

    private static void rollback(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // a broken connection has no transaction left to roll back; the pool drops it
            cause.addSuppressed(e);
        }
    }

    /**
     * The store's exception for a failed statement: {@code UNAVAILABLE} when the server cannot be
     * reached, else a {@link PostgresStoreException} naming the action and the SQLState, never
     * the statement; the cause has the server's own message.
     */
    RuntimeException failure(String action, SQLException e) {
        return failure(server, action, e);
    }

    /** {@link #failure(String, SQLException)} for the server at {@code server} ({@code host:port}). */
    static RuntimeException failure(String server, String action, SQLException e) {
        String state = e.getSQLState() == null ? "no SQLState" : "SQLState " + e.getSQLState();
        if (unreachable(e)) {
            DomainException unavailable = DomainException.unavailable("the PostgreSQL server at " + server
                    + " cannot be reached, so the store could not " + action + " (" + state + "); try again when it is back");
            unavailable.initCause(e);
            return unavailable;
        }
        if ("53100".equals(e.getSQLState())) { // disk_full: passes when the server has space again
            DomainException full = new DomainException(DomainException.Kind.UNAVAILABLE, "storage_full", "the PostgreSQL server at "
                    + server + " has no disk space left, so the store could not " + action + "; try again later", null);
            full.initCause(e);
            return full;
        }
        return new PostgresStoreException("the PostgreSQL store could not " + action + " (" + state + ")", e);
    }

    /** Whether {@code e}, or an exception it was caused by, says the server is out of reach. */
    static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true; // the pool's wait for a connection ran out
            }
            String state = t instanceof SQLException s ? s.getSQLState() : null;
            if (state != null && (state.startsWith("08") || SERVER_GONE.contains(state))) {
                return true;
            }
            if (t instanceof java.net.ConnectException || t instanceof java.net.SocketTimeoutException
                    || t instanceof java.io.EOFException) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code e} is a unique violation. */
    static boolean uniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }
}
