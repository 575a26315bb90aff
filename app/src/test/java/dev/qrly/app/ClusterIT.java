package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.cache.redis.Redis;
import dev.qrly.cache.redis.RedisServer;
import dev.qrly.core.tenant.ApiKeys;
import dev.qrly.store.postgres.PostgresUrl;
import dev.qrly.store.postgres.TcpProxy;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of the service on one PostgreSQL schema and one Redis (a redis-server of the
 * test's own): a code made on A redirects on B; a change on A reaches B's very next scans; a rate
 * limit holds across both; a {@code maxScans} counts the scans of both; a scanner is counted once
 * whichever instance it reached; a dashboard session and a key revocation hold on both; with Redis
 * dead, both go on, and B picks up A's change when its cached route expires; with PostgreSQL
 * unreachable, both redirect cached codes, refuse writes with 503, and write the waiting scans
 * once it is back.
 */
class ClusterIT {

    private static final String PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";

    @TempDir
    Path dir;

    private final TestSchema schema = new TestSchema();
    private RedisServer redis;
    private final String prefix = "qrly-cluster-it-" + UUID.randomUUID() + ":";
    private TestService a;
    private TestService b;

    private void start(Map<String, String> extra) throws Exception {
        start(extra, TestSchema.DATABASE);
    }

    /** Starts both instances on the test's schema of {@code database} (the server itself, or a forwarder to it). */
    private void start(Map<String, String> extra, String database) throws Exception {
        redis = new RedisServer(Files.createDirectories(dir.resolve("redis")));
        Map<String, String> env = new HashMap<>(extra);
        env.put("QR_DATABASE_URL", schema.url(database));
        env.put("QR_REDIS_URL", redis.url());
        env.put("QR_REDIS_PREFIX", prefix);
        MutableClock clock = new MutableClock(Instant.now());
        String key = ApiKeys.generate(new SecureRandom());
        a = new TestService(Files.createDirectories(dir.resolve("a")), env, clock, key);
        b = new TestService(Files.createDirectories(dir.resolve("b")), env, clock, key);
        await(() -> a.get("/readyz", null).status() == 200 && b.get("/readyz", null).status() == 200, Duration.ofSeconds(20));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (a != null) {
                a.close();
            }
            if (b != null) {
                b.close();
            }
            if (redis != null) {
                redis.close();
            }
        } finally {
            schema.close();
        }
    }

    @Test
    void createOnA_scanOnB_changeOnA_nextScansOnBFollow() throws Exception {
        start(Map.of());
        assertEquals(404, b.scan("/r/cluster-menu").status(), "B learns that the slug is unknown, and caches that");

        JsonObject code = a.createCode(a.adminKey, new JsonObject().put("destination", "https://example.com/lunch").put("slug", "cluster-menu"));
        await(() -> b.scan("/r/cluster-menu").status() == 302, Duration.ofSeconds(10));
        assertEquals("https://example.com/lunch", b.scan("/r/cluster-menu").header("Location"));
        assertEquals(code.getString("id"), b.get("/api/v1/codes/" + code.getString("id"), b.adminKey).json().getString("id"),
                "one store: B knows the code");

        for (int i = 1; i <= 20; i++) {
            String destination = "https://example.com/dinner/" + i;
            assertEquals(200, a.patch("/api/v1/codes/" + code.getString("id"), a.adminKey,
                    new JsonObject().put("destination", destination)).status());
            long changed = System.nanoTime();
            // B's cached route is trusted for 30 s: within a third of that, only the message can have told it
            await(() -> destination.equals(b.scan("/r/cluster-menu").header("Location")), Duration.ofSeconds(10));
            long millis = (System.nanoTime() - changed) / 1_000_000;
            assertTrue(millis < 10_000, "change " + i + " reached B in " + millis + " ms");
        }

        assertEquals(200, a.patch("/api/v1/codes/" + code.getString("id"), a.adminKey, new JsonObject().put("active", false)).status());
        await(() -> b.scan("/r/cluster-menu").status() == 410, Duration.ofSeconds(10));
        assertEquals(204, b.delete("/api/v1/codes/" + code.getString("id"), b.adminKey).status());
        await(() -> a.scan("/r/cluster-menu").status() == 410, Duration.ofSeconds(10));
    }

    @Test
    void rateLimitOfACode_holdsAcrossBothInstances() throws Exception {
        // one client, past its share of the code from the start: the code's own bucket decides
        start(Map.of("QR_RATE_LIMIT_CODE", "10/0.01", "QR_RATE_LIMIT_CODE_CLIENT", "1/0.01"));
        JsonObject code = a.createCode(a.adminKey, new JsonObject().put("destination", "https://example.com/limited"));
        String path = "/r/" + code.getString("id");

        int redirected = 0;
        int refusedOnA = 0;
        int refusedOnB = 0;
        for (int i = 0; i < 40; i++) {
            int onA = a.scan(path).status();
            int onB = b.scan(path).status();
            redirected += (onA == 302 ? 1 : 0) + (onB == 302 ? 1 : 0);
            refusedOnA += onA == 429 ? 1 : 0;
            refusedOnB += onB == 429 ? 1 : 0;
            Thread.sleep(5);
        }

        assertTrue(redirected >= 10 && redirected <= 14, "one bucket of 10 for both, each instance at most a request or two late: " + redirected);
        assertTrue(refusedOnA > 0 && refusedOnB > 0, "both refuse once the shared bucket is empty");
        assertTrue(a.scan(path).header("Retry-After") != null);
    }

    @Test
    void maxScans_countsTheScansOfBothInstances() throws Exception {
        start(Map.of("QR_FLUSH_MS", "20"));
        JsonObject code = a.createCode(a.adminKey, new JsonObject().put("destination", "https://example.com/limited").put("maxScans", 6));
        String path = "/r/" + code.getString("id");
        Map<String, String> phone = Map.of("User-Agent", PHONE);
        for (int i = 0; i < 3; i++) {
            assertEquals(302, a.send("GET", path, null, null, null, phone).status());
            assertEquals(302, b.send("GET", path, null, null, null, phone).status());
        }

        // six human scans in all, three through each: once enriched (the user-agent parser loads in
        // the background after a start), written and refreshed, both instances have counted six
        await(() -> a.scan(path).status() == 410 && b.scan(path).status() == 410, Duration.ofSeconds(30));
        try (Redis client = Redis.of(redis.url(), prefix)) {
            RedisServer.await(client::connected);
            assertEquals("6", client.sync().get(client.key("humans:" + code.getString("id"))),
                    "the live count in Redis, which each instance offers after its writes and reads four times a second");
        }
    }

    @Test
    void redisDown_bothGoOn_andBFollowsAChangeOnceItsCachedRouteExpires() throws Exception {
        start(Map.of("QR_ROUTE_TTL", "2"));
        JsonObject code = a.createCode(a.adminKey, new JsonObject().put("destination", "https://example.com/before"));
        String path = "/r/" + code.getString("id");
        assertEquals("https://example.com/before", b.scan(path).header("Location"));

        redis.stop();

        assertEquals(200, a.patch("/api/v1/codes/" + code.getString("id"), a.adminKey,
                new JsonObject().put("destination", "https://example.com/during")).status());
        assertEquals("https://example.com/during", a.scan(path).header("Location"));
        long changed = System.nanoTime();
        await(() -> "https://example.com/during".equals(b.scan(path).header("Location")), Duration.ofSeconds(10));
        long millis = (System.nanoTime() - changed) / 1_000_000;
        assertTrue(millis < 10_000, "no message: B read PostgreSQL once its 2 s route expired, after " + millis + " ms");
        assertEquals(503, b.get("/readyz", null).status());

        redis.start();

        await(() -> a.get("/readyz", null).status() == 200 && b.get("/readyz", null).status() == 200, Duration.ofSeconds(20));
        assertEquals(200, a.patch("/api/v1/codes/" + code.getString("id"), a.adminKey,
                new JsonObject().put("destination", "https://example.com/after")).status());
        await(() -> "https://example.com/after".equals(b.scan(path).header("Location")), Duration.ofSeconds(10));
    }

    @Test
    void uniqueScanners_oneClientThroughBothInstances_countsOnce() throws Exception {
        start(Map.of("QR_FLUSH_MS", "20"));
        JsonObject code = a.createCode(a.adminKey, new JsonObject().put("destination", "https://example.com/unique"));
        String path = "/r/" + code.getString("id");
        Map<String, String> phone = Map.of("User-Agent", PHONE);

        assertEquals(302, a.send("GET", path, null, null, null, phone).status());
        assertEquals(302, b.send("GET", path, null, null, null, phone).status());

        // both instances hash the client's address with the one key in the store
        a.clock.advance(Duration.ofMinutes(1));
        JsonObject stats = AnalyticsIT.poll(() -> a.get("/api/v1/codes/" + code.getString("id") + "/stats", a.adminKey).json(),
                json -> json.getLong("humans", 0L) >= 2, 30_000);
        assertEquals(2, stats.getLong("humans"), stats.encode());
        assertEquals(1, stats.getLong("uniqueHumans"), stats.encode());
    }

    @Test
    void dashboardSession_signedInOnA_worksOnB_andSigningOutOnBEndsItOnA() throws Exception {
        start(Map.of());
        TestService.Reply signIn = a.post("/api/v1/session", null, new JsonObject().put("apiKey", a.adminKey));
        assertEquals(200, signIn.status(), signIn.body());
        String cookie = signIn.header("Set-Cookie").substring(0, signIn.header("Set-Cookie").indexOf(';'));
        String csrf = signIn.json().getString("csrfToken");

        TestService.Reply shownOnB = b.send("GET", "/api/v1/session", null, null, null, Map.of("Cookie", cookie));
        assertEquals(200, shownOnB.status(), "no sticky sessions needed: " + shownOnB.body());
        assertEquals(csrf, shownOnB.json().getString("csrfToken"));
        TestService.Reply createdOnB = b.send("POST", "/api/v1/codes", null, "application/json",
                new JsonObject().put("destination", "https://example.com/from-b").encode(), Map.of("Cookie", cookie, "X-CSRF-Token", csrf));
        assertEquals(201, createdOnB.status(), createdOnB.body());

        assertEquals(204, b.send("DELETE", "/api/v1/session", null, null, null, Map.of("Cookie", cookie, "X-CSRF-Token", csrf)).status());
        assertEquals(401, a.send("GET", "/api/v1/codes", null, null, null, Map.of("Cookie", cookie)).status(),
                "signed out everywhere at once");
    }

    @Test
    void keyRevokedOnA_isRefusedByBAtOnce_notAfterItsCacheExpires() throws Exception {
        start(Map.of());
        String tenantKey = a.newTenant("cluster-tenant");
        assertEquals(200, b.get("/api/v1/codes", tenantKey).status(), "B has verified the key, and remembers it");
        String prefix = ApiKeys.prefixOf(tenantKey);

        assertEquals(204, a.delete("/api/v1/keys/" + prefix, a.adminKey).status());

        long revoked = System.nanoTime();
        await(() -> b.get("/api/v1/codes", tenantKey).status() == 401, Duration.ofSeconds(10));
        long millis = (System.nanoTime() - revoked) / 1_000_000;
        assertTrue(millis < 10_000, "B refused the revoked key after " + millis + " ms, not after its 30 s cache");
    }

    @Test
    void batchUploadedToA_itsArchiveDownloadsFromB() throws Exception {
        start(Map.of());
        io.vertx.core.json.JsonArray items = new io.vertx.core.json.JsonArray();
        for (int i = 1; i <= 25; i++) {
            items.add(new JsonObject().put("destination", "https://example.com/item/" + i).put("label", "Item " + i));
        }
        TestService.Reply accepted = a.post("/api/v1/batches", a.adminKey,
                new JsonObject().put("items", items).put("formats", new io.vertx.core.json.JsonArray().add("svg").add("png")));
        assertEquals(202, accepted.status(), accepted.body());
        String id = accepted.json().getString("id");
        AnalyticsIT.poll(() -> b.get("/api/v1/batches/" + id, b.adminKey).json(), json -> "done".equals(json.getString("status")),
                30_000);

        TestService.Reply fromB = b.get("/api/v1/batches/" + id + "/archive.zip", b.adminKey);
        TestService.Reply fromA = a.get("/api/v1/batches/" + id + "/archive.zip", a.adminKey);

        assertEquals(200, fromB.status(), fromB.body());
        Map<String, byte[]> onB = BatchArchives.unzip(fromB.bytes());
        Map<String, byte[]> onA = BatchArchives.unzip(fromA.bytes());
        assertEquals(onA.keySet(), onB.keySet());
        assertEquals(51, onB.size(), "25 SVGs, 25 PNGs and the manifest");
        assertEquals(BatchArchives.manifest(onA).stream().map(line -> line.get("id")).toList(),
                BatchArchives.manifest(onB).stream().map(line -> line.get("id")).toList());
    }

    @Test
    void postgresUnreachable_bothRedirectCachedCodes_refuseWrites_andWriteTheWaitingScansAfter() throws Exception {
        PostgresUrl url = PostgresUrl.parse(TestSchema.DATABASE);
        int colon = url.server().lastIndexOf(':');
        try (TcpProxy proxy = new TcpProxy(url.server().substring(0, colon), Integer.parseInt(url.server().substring(colon + 1)))) {
            start(Map.of("QR_FLUSH_MS", "50"), TestSchema.DATABASE.replace(url.server(), "127.0.0.1:" + proxy.port()));
            JsonObject code = a.createCode(a.adminKey, new JsonObject().put("destination", "https://example.com/menu"));
            String path = "/r/" + code.getString("id");
            assertEquals(302, a.scan(path).status());
            assertEquals(302, b.scan(path).status());

            proxy.cut();

            for (TestService instance : List.of(a, b)) {
                TestService.Reply create = instance.post("/api/v1/codes", instance.adminKey,
                        new JsonObject().put("destination", "https://example.com/"));
                assertEquals(503, create.status(), create.body());
                assertEquals("unavailable", create.json().getJsonObject("error").getString("code"), create.body());
                TestService.Reply ready = instance.get("/readyz", null);
                assertEquals("down", ready.json().getJsonObject("backends").getString("postgres"), ready.body());
                assertEquals("up", ready.json().getJsonObject("backends").getString("redis"), ready.body());
                TestService.Reply cached = instance.scan(path);
                assertEquals(302, cached.status(), "a cached code keeps redirecting");
                assertEquals("https://example.com/menu", cached.header("Location"));
            }

            proxy.restore();

            await(() -> a.get("/readyz", null).status() == 200 && b.get("/readyz", null).status() == 200, Duration.ofSeconds(20));
            assertEquals(201, b.post("/api/v1/codes", b.adminKey, new JsonObject().put("destination", "https://example.com/")).status());
            // two scans before the outage and one on each instance during it, written once it was back
            a.clock.advance(Duration.ofMinutes(1));
            JsonObject stats = AnalyticsIT.poll(() -> a.get("/api/v1/codes/" + code.getString("id") + "/stats", a.adminKey).json(),
                    json -> json.getLong("total", -1L) >= 4, 60_000);
            assertEquals(4, stats.getLong("total"), stats.encode());
        }
    }

    private static void await(BooleanSupplier condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit);
            }
            Thread.sleep(2);
        }
    }
}
