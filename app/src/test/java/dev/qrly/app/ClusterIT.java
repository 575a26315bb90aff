package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.cache.redis.RedisServer;
import dev.qrly.core.tenant.ApiKeys;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of the service on one PostgreSQL schema and one Redis (a redis-server of the
 * test's own): a code made on A redirects on B; a change on A reaches B's very next scans; a rate
 * limit holds across both; a {@code maxScans} counts the scans of both; with Redis dead, both go on, and B picks up A's change when its cached
 * route expires.
 */
class ClusterIT {

    private static final String PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";

    @TempDir
    Path dir;

    private final TestSchema schema = new TestSchema();
    private RedisServer redis;
    private TestService a;
    private TestService b;

    private void start(Map<String, String> extra) throws Exception {
        redis = new RedisServer(Files.createDirectories(dir.resolve("redis")));
        Map<String, String> env = new HashMap<>(extra);
        env.put("QR_DATABASE_URL", schema.url());
        env.put("QR_REDIS_URL", redis.url());
        env.put("QR_REDIS_PREFIX", "qrly-cluster-it-" + UUID.randomUUID() + ":");
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
        await(() -> b.scan("/r/cluster-menu").status() == 302, Duration.ofSeconds(1));
        assertEquals("https://example.com/lunch", b.scan("/r/cluster-menu").header("Location"));
        assertEquals(code.getString("id"), b.get("/api/v1/codes/" + code.getString("id"), b.adminKey).json().getString("id"),
                "one store: B knows the code");

        for (int i = 1; i <= 20; i++) {
            String destination = "https://example.com/dinner/" + i;
            assertEquals(200, a.patch("/api/v1/codes/" + code.getString("id"), a.adminKey,
                    new JsonObject().put("destination", destination)).status());
            long changed = System.nanoTime();
            await(() -> destination.equals(b.scan("/r/cluster-menu").header("Location")), Duration.ofSeconds(1));
            long millis = (System.nanoTime() - changed) / 1_000_000;
            assertTrue(millis < 1_000, "change " + i + " reached B in " + millis + " ms");
        }

        assertEquals(200, a.patch("/api/v1/codes/" + code.getString("id"), a.adminKey, new JsonObject().put("active", false)).status());
        await(() -> b.scan("/r/cluster-menu").status() == 410, Duration.ofSeconds(1));
        assertEquals(204, b.delete("/api/v1/codes/" + code.getString("id"), b.adminKey).status());
        await(() -> a.scan("/r/cluster-menu").status() == 410, Duration.ofSeconds(1));
    }

    @Test
    void rateLimitOfACode_holdsAcrossBothInstances() throws Exception {
        start(Map.of("QR_RATE_LIMIT_CODE", "10/0.01"));
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
        assertTrue(millis <= 2_000 + 1_000, "no message: B read PostgreSQL once its route expired, after " + millis + " ms");
        assertEquals(503, b.get("/readyz", null).status());

        redis.start();

        await(() -> a.get("/readyz", null).status() == 200 && b.get("/readyz", null).status() == 200, Duration.ofSeconds(20));
        assertEquals(200, a.patch("/api/v1/codes/" + code.getString("id"), a.adminKey,
                new JsonObject().put("destination", "https://example.com/after")).status());
        await(() -> "https://example.com/after".equals(b.scan(path).header("Location")), Duration.ofSeconds(1));
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
