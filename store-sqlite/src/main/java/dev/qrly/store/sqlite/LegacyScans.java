package dev.qrly.store.sqlite;

import static dev.qrly.store.sqlite.Rows.instant;

import dev.qrly.core.scan.ScanEvent;
import dev.qrly.core.scan.ScanSource;
import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Scans recorded before enrichment existed (schema V2, renamed by V3), read out in pages so that the
 * service can enrich them into the analytics tables and then delete them here.
 */
public final class LegacyScans {

    private static final int LINK = 1;
    private static final int HEAD = 2;
    private static final int PREFETCH = 4;
    private static final int GONE = 8;

    private final Database database;

    LegacyScans(Database database) {
        this.database = database;
    }

    /** The oldest {@code limit} legacy scans, or none when they are all taken. */
    public List<ScanEvent> next(int limit) {
        return database.read("read legacy scans", connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT e.id, c.value AS code, t.value AS tenant, e.at, e.ip, "
                    + "ua.value AS user_agent, ref.value AS referrer, lang.value AS accept_language, var.value AS variant, e.flags "
                    + "FROM legacy_scan_events e "
                    + "JOIN legacy_scan_strings c ON c.id = e.code "
                    + "JOIN legacy_scan_strings t ON t.id = e.tenant "
                    + "LEFT JOIN legacy_scan_strings ua ON ua.id = e.user_agent "
                    + "LEFT JOIN legacy_scan_strings ref ON ref.id = e.referrer "
                    + "LEFT JOIN legacy_scan_strings lang ON lang.id = e.accept_language "
                    + "LEFT JOIN legacy_scan_strings var ON var.id = e.variant "
                    + "ORDER BY e.id LIMIT ?")) {
                ps.setInt(1, limit);
                List<ScanEvent> events = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int flags = rs.getInt("flags");
                        events.add(new ScanEvent(uuid(rs.getBytes("id")), rs.getString("code"), rs.getString("tenant"), instant(rs, "at"),
                                rs.getString("ip"), rs.getString("user_agent"), rs.getString("referrer"), rs.getString("accept_language"),
                                (flags & LINK) != 0 ? ScanSource.LINK : ScanSource.QR, (flags & HEAD) != 0, (flags & PREFETCH) != 0,
                                (flags & GONE) != 0 ? ScanEvent.Outcome.GONE : ScanEvent.Outcome.REDIRECTED, rs.getString("variant")));
                    }
                }
                return events;
            }
        });
    }

    /** Deletes these legacy scans (once they are in the analytics tables). */
    public void remove(List<ScanEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        database.write("delete " + events.size() + " legacy scans", connection -> {
            try (PreparedStatement ps = connection.prepareStatement("DELETE FROM legacy_scan_events WHERE id = ?")) {
                for (ScanEvent event : events) {
                    ps.setBytes(1, bytes(event.id()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
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
