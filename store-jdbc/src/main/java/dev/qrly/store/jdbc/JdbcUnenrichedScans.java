package dev.qrly.store.jdbc;

import dev.qrly.core.analytics.Scan;
import dev.qrly.core.scan.ScanEvent;
import dev.qrly.core.scan.ScanSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Scans answered but not yet enriched (table {@code unenriched_scans}, the same SQL on SQLite and
 * PostgreSQL): kept as they came while the user-agent parser loads, then moved into the analytics
 * tables by the transaction that writes them there ({@link #take}), so that each moves once.
 */
public final class JdbcUnenrichedScans {

    private static final int LINK = 1;
    private static final int HEAD = 2;
    private static final int PREFETCH = 4;
    private static final int GONE = 8;
    private static final int FLOOD = 16;

    private final Sql sql;

    public JdbcUnenrichedScans(Sql sql) {
        this.sql = Objects.requireNonNull(sql, "sql");
    }

    /** Keeps the events, in one transaction. */
    public void keep(List<ScanEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        sql.write("keep " + events.size() + " scans to enrich later", connection -> {
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO unenriched_scans (id, code_id, tenant_id, at, ip, "
                    + "user_agent, referrer, accept_language, variant, flags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (ScanEvent event : events) {
                    sql.setUuid(ps, 1, event.id());
                    ps.setString(2, event.codeId());
                    ps.setString(3, event.tenantId());
                    sql.setInstant(ps, 4, event.at());
                    ps.setString(5, event.ip());
                    ps.setString(6, event.userAgent());
                    ps.setString(7, event.referrer());
                    ps.setString(8, event.acceptLanguage());
                    ps.setString(9, event.variant());
                    ps.setInt(10, flags(event));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** The oldest {@code limit} kept events (UUIDv7 ids: id order is time order). */
    public List<ScanEvent> oldest(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit < 0: " + limit);
        }
        return sql.read("read scans to enrich", connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT id, code_id, tenant_id, at, ip, user_agent, referrer, "
                    + "accept_language, variant, flags FROM unenriched_scans ORDER BY id LIMIT ?")) {
                ps.setInt(1, limit);
                List<ScanEvent> events = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int flags = rs.getInt("flags");
                        events.add(new ScanEvent(sql.uuid(rs, "id"), rs.getString("code_id"), rs.getString("tenant_id"),
                                sql.instant(rs, "at"), rs.getString("ip"), rs.getString("user_agent"), rs.getString("referrer"),
                                rs.getString("accept_language"), (flags & LINK) != 0 ? ScanSource.LINK : ScanSource.QR,
                                (flags & HEAD) != 0, (flags & PREFETCH) != 0,
                                (flags & GONE) != 0 ? ScanEvent.Outcome.GONE : ScanEvent.Outcome.REDIRECTED, rs.getString("variant"),
                                (flags & FLOOD) != 0));
                    }
                }
                return events;
            }
        });
    }

    /**
     * Inside the caller's write transaction: deletes the kept events of these scans and returns the
     * scans whose events were there to delete. Another transaction deleting the same events first
     * (another instance moving them) leaves them out here.
     */
    public List<Scan> take(Connection connection, List<Scan> scans) throws SQLException {
        if (scans.isEmpty()) {
            return scans;
        }
        int[] deleted;
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM unenriched_scans WHERE id = ?")) {
            for (Scan scan : scans) {
                sql.setUuid(ps, 1, scan.id());
                ps.addBatch();
            }
            deleted = ps.executeBatch();
        }
        List<Scan> taken = new ArrayList<>(scans.size());
        for (int i = 0; i < scans.size(); i++) {
            if (deleted[i] > 0) {
                taken.add(scans.get(i));
            }
        }
        return taken;
    }

    private static int flags(ScanEvent event) {
        return (event.source() == ScanSource.LINK ? LINK : 0) | (event.head() ? HEAD : 0) | (event.prefetch() ? PREFETCH : 0)
                | (event.outcome() == ScanEvent.Outcome.GONE ? GONE : 0) | (event.flood() ? FLOOD : 0);
    }
}
