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
 * Scans kept unenriched (by a run stopped before its user-agent parser loaded, or by the version
 * before analytics, whose rows schema V7 moves there) are enriched into the analytics tables at the
 * next start, then removed: a restart or an upgrade keeps every scan.
 */
class KeptScansIT {

    @TempDir
    Path dir;

    @Test
    void start_withKeptScans_enrichesThemIntoTheStats() throws Exception {
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
            long at = java.time.Instant.parse("2026-11-22T09:00:00Z").toEpochMilli();
            String iphone = "'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                    + "Version/17.5 Mobile/15E148 Safari/604.1'";
            String values = "'" + id + "', '" + tenant + "', ";
            st.execute("INSERT INTO unenriched_scans (id, code_id, tenant_id, at, ip, user_agent, referrer, accept_language, variant, "
                    + "flags) VALUES (x'01936f2a000070008000000000000001', " + values + at + ", '8.8.8.8', " + iphone + ", NULL, NULL, "
                    + "NULL, 0), (x'01936f2a000070008000000000000002', " + values + (at + 1000) + ", '8.8.4.4', " + iphone
                    + ", NULL, NULL, NULL, 1), (x'01936f2a000070008000000000000003', " + values + (at + 2000)
                    + ", '157.240.1.1', 'WhatsApp/2.23.20.0', NULL, NULL, NULL, 1)");
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
            var rs = st.executeQuery("SELECT count(*) FROM unenriched_scans");
            rs.next();
            assertEquals(0, rs.getInt(1), "enriched scans are no longer kept");
        }
        assertEquals(3, TestService.storedScans(dir, id).size());
    }
}
