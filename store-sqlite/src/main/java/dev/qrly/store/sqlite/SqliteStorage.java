package dev.qrly.store.sqlite;

import dev.qrly.core.Storage;
import dev.qrly.core.analytics.AnalyticsStore;
import dev.qrly.core.batch.BatchStore;
import dev.qrly.core.code.CodeStore;
import dev.qrly.core.image.ImageStore;
import dev.qrly.core.tenant.SessionStore;
import dev.qrly.core.tenant.TenantStore;
import dev.qrly.store.jdbc.JdbcImageStore;
import dev.qrly.store.jdbc.JdbcSessionStore;
import dev.qrly.store.jdbc.JdbcTenantStore;
import dev.qrly.store.jdbc.Migrations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * Every store on one SQLite file: the embedded backend, for a single process.
 *
 * <p>The file is opened in WAL mode with {@code synchronous=NORMAL}: a commit is durable once the
 * operating system has it, and at worst the last commits before a power cut are lost, never the
 * file's consistency. Its schema is brought up to date when it is opened.
 */
public final class SqliteStorage implements Storage {

    /** Reads in parallel at most; scans are written in batches, so reads are most of the traffic. */
    static final int READ_CONNECTIONS = 4;

    /**
     * How long a connection waits for a lock held by another process (a backup, the sqlite3 shell)
     * before failing; within this process writes queue on a lock and never wait here.
     */
    static final int BUSY_TIMEOUT_MILLIS = 5_000;

    static final String MIGRATIONS = "db/sqlite";

    private final Database database;
    private final SqliteCodeStore codes;
    private final JdbcTenantStore tenants;
    private final SqliteAnalyticsStore analytics;
    private final JdbcImageStore images;
    private final SqliteBatchStore batches;
    private final JdbcSessionStore sessions;

    private SqliteStorage(Database database) {
        this.database = database;
        this.codes = new SqliteCodeStore(database);
        this.tenants = new JdbcTenantStore(database);
        this.analytics = new SqliteAnalyticsStore(database);
        this.images = new JdbcImageStore(database);
        this.batches = new SqliteBatchStore(database);
        this.sessions = new JdbcSessionStore(database);
    }

    /**
     * Opens the file, creating it and its parent directories if they are missing, and applies the
     * schema migrations it has not had yet.
     *
     * @throws UncheckedIOException if the directories cannot be created
     * @throws IllegalStateException if the schema cannot be brought up to date, or the file cannot
     *     be put in WAL mode (as on some network file systems)
     * @throws SqliteStoreException if SQLite cannot open the file
     */
    public static SqliteStorage open(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of the SQLite store " + absolute, e);
        }
        String url = "jdbc:sqlite:" + absolute;
        List<Connection> opened = new ArrayList<>();
        try {
            Connection writer = connect(url, false);
            opened.add(writer);
            useWal(writer, absolute);
            new Migrations(MIGRATIONS, SqliteStorage.class.getClassLoader()).migrate(writer);
            List<Connection> readers = new ArrayList<>();
            for (int i = 0; i < READ_CONNECTIONS; i++) {
                Connection reader = connect(url, true);
                opened.add(reader);
                readers.add(reader);
            }
            SqliteStorage storage = new SqliteStorage(new Database(writer, readers));
            storage.analytics.recover();
            return storage;
        } catch (SQLException | RuntimeException e) {
            for (Connection connection : opened) {
                try {
                    connection.close();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (e instanceof SQLException sql) {
                throw Database.failure("open " + absolute, sql);
            }
            throw (RuntimeException) e;
        }
    }

    private static Connection connect(String url, boolean reader) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        // no table here uses generated keys; fetching them parses every INSERT with a regex (seen in profiles)
        config.setGetGeneratedKeys(false);
        if (!reader) {
            // the migrations use JDBC transactions, which the driver begins in this mode
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        }
        // 64 MB of page cache a connection rather than SQLite's 2 MB: the rollup and unique-scanner
        // indexes outgrow 2 MB within hours of traffic, and every write then re-reads their pages
        config.setCacheSize(-65_536);
        Connection connection = config.createConnection(url);
        if (reader) {
            try (Statement statement = connection.createStatement()) {
                // a write on a read connection would bypass the write lock and meet SQLITE_BUSY
                statement.execute("PRAGMA query_only = ON");
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
        }
        return connection;
    }

    /** WAL is what lets reads go on during a write; it is a property of the file, kept once set. */
    private static void useWal(Connection connection, Path file) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("PRAGMA journal_mode = WAL")) {
            String mode = rs.next() ? rs.getString(1) : null;
            if (!"wal".equalsIgnoreCase(mode)) {
                throw new IllegalStateException("SQLite could not put " + file + " in WAL journal mode (it is in " + mode
                        + " mode): the store needs WAL, which needs a local file system");
            }
        }
        try (Statement statement = connection.createStatement()) {
            // checkpoint every ~40 MB of WAL rather than ~4 MB: under a stream of scans, fewer and
            // larger checkpoints cost the writer about a fifth less CPU an event (docs/BENCHMARKS.md);
            // the WAL file is cut back to 64 MB after each
            statement.execute("PRAGMA wal_autocheckpoint = 10000");
            statement.execute("PRAGMA journal_size_limit = 67108864");
        }
    }

    @Override
    public CodeStore codes() {
        return codes;
    }

    @Override
    public TenantStore tenants() {
        return tenants;
    }

    @Override
    public AnalyticsStore analytics() {
        return analytics;
    }

    @Override
    public ImageStore images() {
        return images;
    }

    @Override
    public BatchStore batches() {
        return batches;
    }

    @Override
    public SessionStore sessions() {
        return sessions;
    }

    /** {@code sqlite}. */
    @Override
    public String name() {
        return "sqlite";
    }

    /** Whether a read connection answers {@code SELECT 1} within two seconds. */
    @Override
    public boolean ping() {
        return database.ping();
    }

    /** Waits for the write in progress, then closes the connections; closing twice does nothing. */
    @Override
    public void close() {
        try {
            analytics.flushRollups();
        } catch (RuntimeException alreadyClosed) {
            // closed before, or the file is gone: the blocks hold the counts, and the next open recounts them
        }
        database.close();
    }

    Database database() {
        return database;
    }
}
