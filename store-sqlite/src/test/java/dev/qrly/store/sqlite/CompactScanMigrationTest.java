package dev.qrly.store.sqlite;

import dev.qrly.core.analytics.Client;
import dev.qrly.core.analytics.DeviceClass;
import dev.qrly.core.analytics.Place;
import dev.qrly.core.analytics.Scan;
import dev.qrly.core.scan.ScanEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.qrly.core.scan.ScanSource;
import dev.qrly.store.jdbc.Migrations;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store written before schema V2 keeps its scans through V2 (compact rows), V3 (which sets them
 * aside as legacy scans) and V7 (which moves them among the scans kept to be enriched by the
 * service), every field intact.
 */
class CompactScanMigrationTest {

    @TempDir
    Path dir;

    @Test
    void v2_scansStoredUnderV1_surviveWithEveryField() throws Exception {
        Path file = dir.resolve("old.db");
        Path classes = dir.resolve("classes");
        Path v1 = classes.resolve("v1only/V1__schema.sql");
        Files.createDirectories(v1.getParent());
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(SqliteStorage.MIGRATIONS + "/V1__schema.sql")) {
            Files.copy(in, v1);
        }
        UUID first = UUID.fromString("01936f2a-0000-7000-8000-000000000001");
        UUID second = UUID.fromString("01936f2a-0001-7000-8000-000000000002");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
            new Migrations("v1only", loader).migrate(connection);
            try (Statement st = connection.createStatement()) {
                st.execute("INSERT INTO tenants (id, name, created_at) VALUES ('t_a', 'a', 0)");
                st.execute("INSERT INTO scan_events (id, code_id, tenant_id, at, ip, user_agent, referrer, accept_language, source, "
                        + "head, prefetch, outcome, variant) VALUES (x'" + hex(first) + "', 'CODE2345', 't_a', 1000, '203.0.113.7', "
                        + "'Phone/1.0', 'https://ref.example/', 'fr-FR', 'QR', 0, 1, 'REDIRECTED', NULL)");
                st.execute("INSERT INTO scan_events (id, code_id, tenant_id, at, ip, user_agent, referrer, accept_language, source, "
                        + "head, prefetch, outcome, variant) VALUES (x'" + hex(second) + "', 'CODE2345', 't_a', 2000, '::1', "
                        + "NULL, NULL, NULL, 'LINK', 1, 0, 'GONE', 'b')");
            }
        }
        try (SqliteStorage storage = SqliteStorage.open(file)) {
            List<ScanEvent> events = storage.analytics().unenriched(10);
            assertEquals(2, events.size());
            ScanEvent a = events.get(0);
            assertEquals(first, a.id());
            assertEquals(1000, a.at().toEpochMilli());
            assertEquals("203.0.113.7", a.ip());
            assertEquals("Phone/1.0", a.userAgent());
            assertEquals("https://ref.example/", a.referrer());
            assertEquals("fr-FR", a.acceptLanguage());
            assertEquals(ScanSource.QR, a.source());
            assertEquals(true, a.prefetch());
            assertEquals(ScanEvent.Outcome.REDIRECTED, a.outcome());
            ScanEvent b = events.get(1);
            assertNull(b.userAgent());
            assertEquals(ScanSource.LINK, b.source());
            assertEquals(true, b.head());
            assertEquals(ScanEvent.Outcome.GONE, b.outcome());
            assertEquals("b", b.variant());
            assertEquals("CODE2345", a.codeId());
            assertEquals("t_a", a.tenantId());
            assertEquals(List.of(enriched(a)), storage.analytics().appendUnenriched(List.of(enriched(a))));
            assertEquals(List.of(b), storage.analytics().unenriched(10));
            assertEquals(List.of(), storage.analytics().appendUnenriched(List.of(enriched(a))), "moved once");
            storage.analytics().appendUnenriched(List.of(enriched(b)));
            assertEquals(List.of(), storage.analytics().unenriched(10));
            assertEquals(2, storage.analytics().humans("CODE2345"));
        }
    }

    private static Scan enriched(ScanEvent event) {
        return new Scan(event.id(), event.codeId(), event.at(), event.source(), event.outcome(), event.head(), event.prefetch(),
                event.variant(), event.ip(), 1, event.userAgent(), event.referrer(), null, event.acceptLanguage(),
                new Client(DeviceClass.MOBILE, "iOS", "Safari", null), new Place("FR", "Paris"));
    }

    private static String hex(UUID id) {
        return id.toString().replace("-", "");
    }
}
