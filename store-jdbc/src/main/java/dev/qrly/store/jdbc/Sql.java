package dev.qrly.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/**
 * What the stores whose SQL is the same on every database ({@link JdbcTenantStore},
 * {@link JdbcImageStore}, {@link JdbcSessionStore}) need of an adapter: its transactions, which
 * turn SQL failures into the adapter's exceptions, and how it keeps instants (epoch milliseconds
 * in SQLite, {@code timestamptz} in PostgreSQL).
 */
public interface Sql {

    /** Work done on a connection inside a transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs read-only work in a transaction; {@code action} names it in errors. */
    <T> T read(String action, Work<T> work);

    /** Runs work that writes, in a transaction of its own. */
    <T> T write(String action, Work<T> work);

    void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException;

    Instant instant(ResultSet rs, String column) throws SQLException;

    /** Sets a UUID the way the adapter keeps it (16 big-endian bytes in SQLite, {@code uuid} in PostgreSQL). */
    void setUuid(PreparedStatement ps, int index, UUID value) throws SQLException;

    UUID uuid(ResultSet rs, String column) throws SQLException;
}
