package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scans stored raw by the version before analytics (schema V2's rows, set aside by V3) are
 * enriched into the analytics tables at the next start, then removed: an upgrade keeps every scan.
 */
class LegacyScansIT {

    @TempDir
    Path dir;

    @Test
    void start_afterUpgrade_enrichesTheOldScansIntoTheStats() throws Exception {
        String id;
        String tenant;
        String key;
        try (TestService service = new TestService(dir, Map.of())) {
            key = service.adminKey;
            JsonObject code = service.createCode(key, new JsonObject().put("destination", "https://example.com/"));
            id = code.getString("id");
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("qrly.db"));
                Statement st = db.createStatement()) {
            var rs = st.executeQuery("SELECT tenant_id FROM codes WHERE id = '" + id + "'");
            rs.next();
            tenant = rs.getString(1);
            st.execute("INSERT INTO legacy_scan_strings (id, kind, value) VALUES (1, 1, '" + id + "'), (2, 2, '" + tenant + "'), "
                    + "(3, 3, 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                    + "Version/17.5 Mobile/15E148 Safari/604.1'), (4, 3, 'WhatsApp/2.23.20.0')");
            long at = java.time.Instant.parse("2026-11-22T09:00:00Z").toEpochMilli();
            st.execute("INSERT INTO legacy_scan_events (id, code, at, tenant, ip, user_agent, referrer, accept_language, variant, "
                    + "flags) VALUES (x'01936f2a000070008000000000000001', 1, " + at + ", 2, '8.8.8.8', 3, NULL, NULL, NULL, 0), "
                    + "(x'01936f2a000070008000000000000002', 1, " + (at + 1000) + ", 2, '8.8.4.4', 3, NULL, NULL, NULL, 1), "
                    + "(x'01936f2a000070008000000000000003', 1, " + (at + 2000) + ", 2, '157.240.1.1', 4, NULL, NULL, NULL, 1)");
        }

        try (TestService service = new TestService(dir, Map.of())) {
            service.clock.advance(Duration.ofHours(1));
            JsonObject stats = AnalyticsIT.poll(() -> service.get("/api/v1/codes/" + id + "/stats", key).json(),
                    s -> s.getLong("total", -1L) == 3, 60_000);
            assertEquals(2, stats.getLong("humans"));
            assertEquals(1, stats.getJsonObject("byBot").getLong("WhatsApp"));
            assertEquals(new JsonObject().put("qr", 1L).put("link", 1L), stats.getJsonObject("bySource"));
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("qrly.db"));
                Statement st = db.createStatement()) {
            var rs = st.executeQuery("SELECT count(*) FROM legacy_scan_events");
            rs.next();
            assertEquals(0, rs.getInt(1), "enriched scans are removed from the legacy table");
        }
        assertEquals(3, TestService.storedScans(dir, id).size());
    }
}
