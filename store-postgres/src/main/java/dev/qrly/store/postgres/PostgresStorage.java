package dev.qrly.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.qrly.core.DomainException;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

/**
 * Every store on one PostgreSQL database: the scale-out backend, shared by any number of
 * instances of the service.
 *
 * <p>Connections come from a bounded pool ({@value #POOL_SIZE} at most) that waits at most
 * {@value #CONNECTION_TIMEOUT_MILLIS} ms for one, so that a request never hangs on a server that
 * is gone: it fails with a {@link DomainException} of kind {@code UNAVAILABLE} (a 503), and the
 * pool reconnects by itself when the server is back. The schema is brought up to date when the
 * storage opens, under an advisory lock, so that instances starting together migrate it once.
 */
public final class PostgresStorage implements Storage {

    /** The most connections one instance holds: the redirect's misses, the API, and the scan writer. */
    static final int POOL_SIZE = 10;
    /** How long a caller waits for a connection, a new one included, before the server counts as unreachable. */
    static final int CONNECTION_TIMEOUT_MILLIS = 2_500;
    /** How long a statement may wait for the server's answer once sent: a hung server is not waited for for ever. */
    static final int SOCKET_TIMEOUT_SECONDS = 60;
    static final String MIGRATIONS = "db/postgres";
    /** The advisory lock openers take while they migrate: any fixed number, "qrly" in ASCII. */
    private static final long MIGRATION_LOCK = 0x7172_6c79L;

    private final Database database;
    private final PostgresCodeStore codes;
    private final JdbcTenantStore tenants;
    private final PostgresAnalyticsStore analytics;
    private final JdbcImageStore images;
    private final PostgresBatchStore batches;
    private final JdbcSessionStore sessions;

    private PostgresStorage(Database database) {
        this.database = database;
        this.codes = new PostgresCodeStore(database);
        this.tenants = new JdbcTenantStore(database);
        this.analytics = new PostgresAnalyticsStore(database);
        this.images = new JdbcImageStore(database);
        this.batches = new PostgresBatchStore(database);
        this.sessions = new JdbcSessionStore(database);
    }

    /**
     * Opens a pool of connections to the database {@code url} names, creates its schema if the URL
     * names one that is missing, and applies the schema migrations it has not had yet.
     *
     * @param url not null
     * @throws DomainException of kind {@code UNAVAILABLE}, naming the server, if it cannot be reached
     * @throws IllegalStateException if the schema cannot be brought up to date (it was written by a
     *     newer release, or a migration failed)
     * @throws PostgresStoreException if the server refuses something else (a wrong password, a
     *     missing database, no right to create the schema)
     */
    public static PostgresStorage open(PostgresUrl url) {
        Objects.requireNonNull(url, "url");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config(url));
        } catch (HikariPool.PoolInitializationException e) {
            SQLException cause = e.getCause() instanceof SQLException s ? s : new SQLException(e.getMessage(), "08001", e);
            throw Database.failure(url.server(), "connect to database " + url.base(), cause);
        }
        Database database = new Database(pool, url.server());
        try {
            database.read("bring the schema up to date", connection -> {
                migrate(connection, url.schema());
                return null;
            });
            return new PostgresStorage(database);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** Opens the database a {@code postgres://}, {@code postgresql://} or {@code jdbc:postgresql://} URL names; see {@link #open(PostgresUrl)}. */
    public static PostgresStorage open(String url) {
        return open(PostgresUrl.parse(url));
    }

    private static HikariConfig config(PostgresUrl url) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("qrly-postgres");
        config.setDriverClassName("org.postgresql.Driver");
        config.setJdbcUrl(url.jdbcUrl());
        config.setUsername(url.user());
        config.setPassword(url.password());
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(2);
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        config.setValidationTimeout(1_000);
        // fail the start at once when the server is not there, rather than open a pool that never works
        config.setInitializationFailTimeout(CONNECTION_TIMEOUT_MILLIS);
        config.setAutoCommit(true);
        // the driver's own limits, so that a connection attempt or a dead socket is not waited on for minutes
        config.addDataSourceProperty("connectTimeout", String.valueOf(CONNECTION_TIMEOUT_MILLIS / 1000 + 1));
        config.addDataSourceProperty("loginTimeout", String.valueOf(CONNECTION_TIMEOUT_MILLIS / 1000 + 1));
        config.addDataSourceProperty("socketTimeout", String.valueOf(SOCKET_TIMEOUT_SECONDS));
        config.addDataSourceProperty("tcpKeepAlive", "true");
        // a batch of inserts becomes multi-row INSERTs: a batch of scans is a few statements, not thousands
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", "qrly");
        return config;
    }

    /** Creates the schema if it is missing, then migrates, holding an advisory lock that other openers wait for. */
    private static void migrate(Connection connection, String schema) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
            lock.setLong(1, MIGRATION_LOCK);
            lock.execute();
        }
        try {
            if (schema != null && !schemaExists(connection, schema)) {
                try (Statement statement = connection.createStatement()) {
                    // the name is a plain identifier (PostgresUrl checks it), so it needs no quoting
                    statement.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
                }
            }
            new Migrations(MIGRATIONS, PostgresStorage.class.getClassLoader()).migrate(connection);
        } finally {
            try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                unlock.setLong(1, MIGRATION_LOCK);
                unlock.execute();
            }
        }
    }

    private static boolean schemaExists(Connection connection, String schema) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            ps.setString(1, schema.toLowerCase(java.util.Locale.ROOT));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
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

    /** {@code postgres}. */
    @Override
    public String name() {
        return "postgres";
    }

    /** Whether a connection answers within about two seconds; false once closed; never throws. */
    @Override
    public boolean ping() {
        return database.ping();
    }

    /** Closes the pool; every write has committed or rolled back by then. Closing twice does nothing. */
    @Override
    public void close() {
        database.close();
    }
}
