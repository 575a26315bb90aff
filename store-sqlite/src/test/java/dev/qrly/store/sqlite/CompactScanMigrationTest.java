package dev.qrly.store.sqlite;

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
 * A store written before schema V2 keeps its scans through V2 (compact rows) and V3 (which sets them
 * aside as legacy scans, to be enriched by the service), every field intact.
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
            List<ScanEvent> events = storage.legacyScans().next(10);
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
            storage.legacyScans().remove(List.of(a));
            assertEquals(List.of(b), storage.legacyScans().next(10));
            storage.legacyScans().remove(List.of(b));
            assertEquals(List.of(), storage.legacyScans().next(10));
        }
    }

    private static String hex(UUID id) {
        return id.toString().replace("-", "");
    }
}
