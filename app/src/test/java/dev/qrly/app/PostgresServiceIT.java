package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.store.postgres.PostgresUrl;
import dev.qrly.store.postgres.TcpProxy;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real service on the PostgreSQL server of this machine ({@code .ci/run} starts it; or the one
 * {@code QR_TEST_DATABASE_URL} names), in a schema of its own that is dropped after: a code's short
 * life, a batch and the stats, then a restart on the same schema.
 */
class PostgresServiceIT {

    private static final String DATABASE = TestSchema.DATABASE;

    @TempDir
    Path dir;

    private final TestSchema schema = new TestSchema();
    private TestService service;

    /** The service on {@code database} (this test's schema added). */
    private TestService start(String database) {
        service = new TestService(dir, Map.of("QR_DATABASE_URL", schema.url(database), "QR_FLUSH_MS", "50"));
        return service;
    }

    @AfterEach
    void stop() throws SQLException {
        try {
            if (service != null) {
                service.close();
            }
        } finally {
            schema.close();
        }
    }

    @Test
    void serve_serverUnreachable_stopsTheStartWithOneLineNamingTheVariableAndHost() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        long start = System.nanoTime();

        int status = ServeCommand.run(new String[0], Map.of("QR_DATABASE_URL", "postgres://qrly:secret@127.0.0.1:" + closedPort + "/qrly",
                "QR_DATA_DIR", dir.resolve("unreachable").toString(), "QR_PORT", "0"), new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));

        String message = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(2, status, message);
        assertTrue(message.startsWith("qr serve: QR_DATABASE_URL: "), message);
        assertTrue(message.contains("127.0.0.1:" + closedPort), message);
        assertEquals(1, message.lines().count(), message);
        assertTrue(!message.contains("secret"), message);
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "the start took " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    @Test
    void lifecycle_onPostgres_createScanChangeHistoryBatchStatsAndRestart() {
        start(DATABASE);
        String key = service.adminKey;
        TestService.Reply ready = service.get("/readyz", null);
        assertEquals(200, ready.status(), ready.body());
        assertEquals("up", ready.json().getJsonObject("backends").getString("postgres"), ready.body());

        JsonObject code = service.createCode(key, new JsonObject().put("destination", "https://example.com/menu")
                .put("slug", "Lunch-Menu").put("tags", new JsonArray().add("spring")));
        String id = code.getString("id");
        TestService.Reply scan = service.scan("/r/lunch-menu");
        assertEquals(302, scan.status());
        assertEquals("https://example.com/menu", scan.header("Location"));

        TestService.Reply changed = service.patch("/api/v1/codes/" + id, key, new JsonObject().put("destination", "https://example.com/dinner"));
        assertEquals(200, changed.status(), changed.body());
        assertEquals("https://example.com/dinner", service.scan("/r/LUNCH-MENU").header("Location"));
        JsonArray history = service.get("/api/v1/codes/" + id + "/history", key).array();
        assertEquals(2, history.size(), history.encode());
        assertEquals("https://example.com/dinner", history.getJsonObject(0).getString("destination"));
        assertEquals("https://example.com/menu", history.getJsonObject(1).getString("destination"));
        assertEquals(409, service.post("/api/v1/codes", key, new JsonObject().put("destination", "https://example.com/")
                .put("slug", "lunch-MENU")).status(), "the slug is taken in any case");

        TestService.Reply accepted = service.post("/api/v1/batches", key, new JsonObject().put("items", new JsonArray()
                .add(new JsonObject().put("destination", "https://example.com/a").put("slug", "batch-a"))
                .add(new JsonObject().put("destination", "https://example.com/b"))
                .add(new JsonObject().put("destination", "not a url"))
                .add(new JsonObject().put("destination", "https://example.com/c").put("slug", "lunch-menu"))));
        assertEquals(202, accepted.status(), accepted.body());
        String batch = accepted.json().getString("id");
        JsonObject done = AnalyticsIT.poll(() -> service.get("/api/v1/batches/" + batch, key).json(),
                b -> !"running".equals(b.getString("status")), 30_000);
        assertEquals("done", done.getString("status"), done.encode());
        assertEquals(2, done.getInteger("created"), done.encode());
        assertEquals(2, done.getInteger("failed"), done.encode());
        assertEquals(302, service.scan("/r/batch-a").status());

        service.clock.advance(Duration.ofMinutes(1)); // "to" defaults to now; the scans are in the past
        JsonObject stats = AnalyticsIT.poll(() -> service.get("/api/v1/codes/" + id + "/stats", key).json(),
                s -> s.getLong("total", -1L) >= 2, 60_000);
        assertEquals(2, stats.getLong("total"), stats.encode());

        service.restart();

        assertEquals("https://example.com/dinner", service.scan("/r/lunch-menu").header("Location"));
        assertEquals(2, service.get("/api/v1/codes/" + id + "/history", key).array().size());
        assertEquals("done", service.get("/api/v1/batches/" + batch, key).json().getString("status"));
        JsonObject after = service.get("/api/v1/codes/" + id + "/stats", key).json();
        assertTrue(after.getLong("total") >= 2, after.encode());
    }

    @Test
    void serverGone_writesAnswer503_readyzSaysDown_cachedCodesRedirect_andItRecovers() throws Exception {
        PostgresUrl url = PostgresUrl.parse(DATABASE);
        int colon = url.server().lastIndexOf(':');
        try (TcpProxy proxy = new TcpProxy(url.server().substring(0, colon), Integer.parseInt(url.server().substring(colon + 1)))) {
            start(DATABASE.replace(url.server(), "127.0.0.1:" + proxy.port()));
            String key = service.adminKey;
            String id = service.createCode(key, new JsonObject().put("destination", "https://example.com/menu")).getString("id");
            assertEquals(302, service.scan("/r/" + id).status());

            proxy.cut();

            TestService.Reply create = service.post("/api/v1/codes", key, new JsonObject().put("destination", "https://example.com/"));
            assertEquals(503, create.status(), create.body());
            assertEquals("unavailable", create.json().getJsonObject("error").getString("code"), create.body());
            assertTrue(create.json().getJsonObject("error").getString("message").contains("PostgreSQL"), create.body());
            TestService.Reply ready = service.get("/readyz", null);
            assertEquals(503, ready.status(), ready.body());
            assertEquals("down", ready.json().getJsonObject("backends").getString("postgres"), ready.body());
            TestService.Reply cached = service.scan("/r/" + id);
            assertEquals(302, cached.status(), "a cached code keeps redirecting");
            assertEquals("https://example.com/menu", cached.header("Location"));

            proxy.restore();

            // the pool reconnects on its own, within its back-off between attempts (a few seconds)
            AnalyticsIT.poll(() -> service.get("/readyz", null).status(), status -> status == 200, 15_000);
            assertEquals(201, service.post("/api/v1/codes", key, new JsonObject().put("destination", "https://example.com/")).status());
            // the scan of the outage waited in the queue, and is written now
            service.clock.advance(Duration.ofMinutes(1));
            JsonObject stats = AnalyticsIT.poll(() -> service.get("/api/v1/codes/" + id + "/stats", key).json(),
                    s -> s.getLong("total", -1L) >= 2, 60_000);
            assertEquals(2, stats.getLong("total"), stats.encode());
            service.close(); // while the server is reachable
            service = null;
        }
    }
}
