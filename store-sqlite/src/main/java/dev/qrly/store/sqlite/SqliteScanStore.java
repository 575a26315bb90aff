package dev.qrly.store.sqlite;

import static dev.qrly.store.sqlite.Rows.bool;
import static dev.qrly.store.sqlite.Rows.instant;
import static dev.qrly.store.sqlite.Rows.setBoolean;
import static dev.qrly.store.sqlite.Rows.setInstant;

import dev.qrly.core.scan.ScanEvent;
import dev.qrly.core.scan.ScanSource;
import dev.qrly.core.scan.ScanStore;
import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Raw scan events in {@code scan_events}, keyed by the 16 bytes of their UUIDv7. */
final class SqliteScanStore implements ScanStore {

    private final Database database;

    SqliteScanStore(Database database) {
        this.database = database;
    }

    /**
     * One transaction and one prepared statement for the whole batch: a commit per event would cost
     * a WAL write each. {@code ON CONFLICT (id) DO NOTHING} rather than {@code INSERT OR IGNORE},
     * which would also drop rows breaking other constraints without a word.
     */
    @Override
    public void insert(List<ScanEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        database.write("insert " + events.size() + " scan events", connection -> {
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO scan_events (id, code_id, tenant_id, at, ip, "
                    + "user_agent, referrer, accept_language, source, head, prefetch, outcome, variant) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
                for (ScanEvent event : events) {
                    ps.setBytes(1, bytes(event.id()));
                    ps.setString(2, event.codeId());
                    ps.setString(3, event.tenantId());
                    setInstant(ps, 4, event.at());
                    ps.setString(5, event.ip());
                    ps.setString(6, event.userAgent());
                    ps.setString(7, event.referrer());
                    ps.setString(8, event.acceptLanguage());
                    ps.setString(9, event.source().name());
                    setBoolean(ps, 10, event.head());
                    setBoolean(ps, 11, event.prefetch());
                    ps.setString(12, event.outcome().name());
                    ps.setString(13, event.variant());
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    /** @throws IllegalArgumentException if {@code limit} is negative (SQLite would read that as no limit) */
    @Override
    public List<ScanEvent> events(String tenantId, String codeId, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, not " + limit);
        }
        return database.read("read the scans of code " + codeId, connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT id, code_id, tenant_id, at, ip, user_agent, referrer, "
                    + "accept_language, source, head, prefetch, outcome, variant FROM scan_events "
                    + "WHERE code_id = ? AND tenant_id = ? ORDER BY at, id LIMIT ?")) {
                ps.setString(1, codeId);
                ps.setString(2, tenantId);
                ps.setInt(3, limit);
                List<ScanEvent> events = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        events.add(new ScanEvent(uuid(rs.getBytes("id")), rs.getString("code_id"), rs.getString("tenant_id"),
                                instant(rs, "at"), rs.getString("ip"), rs.getString("user_agent"), rs.getString("referrer"),
                                rs.getString("accept_language"), ScanSource.valueOf(rs.getString("source")), bool(rs, "head"),
                                bool(rs, "prefetch"), ScanEvent.Outcome.valueOf(rs.getString("outcome")),
                                rs.getString("variant")));
                    }
                }
                return events;
            }
        });
    }

    @Override
    public long count(String codeId) {
        return database.read("count the scans of code " + codeId, connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT count(*) FROM scan_events WHERE code_id = ?")) {
                ps.setString(1, codeId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Big-endian, so that byte order is UUIDv7 time order. */
    static byte[] bytes(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }

    static UUID uuid(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new UUID(buffer.getLong(), buffer.getLong());
    }
}
