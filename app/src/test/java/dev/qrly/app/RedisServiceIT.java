package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.cache.redis.Redis;
import dev.qrly.cache.redis.RedisServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service with {@code QR_REDIS_URL}, against a redis-server of the test's own: changes are
 * written to the shared cache, readiness names Redis, and when Redis dies the service goes on
 * alone (redirects, creates and changes all work, nothing hangs) and picks Redis up again by
 * itself when it is back.
 */
class RedisServiceIT {

    @TempDir
    Path dir;

    private RedisServer redis;
    private TestService service;
    private Redis peek;
    private final String prefix = "qrly-it-" + UUID.randomUUID() + ":";

    @BeforeEach
    void start() throws Exception {
        redis = new RedisServer(Files.createDirectories(dir.resolve("redis")));
        service = new TestService(Files.createDirectories(dir.resolve("data")),
                Map.of("QR_REDIS_URL", redis.url(), "QR_REDIS_PREFIX", prefix));
        peek = Redis.of(redis.url(), prefix);
        // the first connection is made in the background: wait for it, as a load balancer would
        await(() -> peek.connected() && service.get("/readyz", null).status() == 200);
    }

    @AfterEach
    void stop() {
        service.close();
        peek.close();
        redis.close();
    }

    @Test
    void changes_areWrittenToTheSharedCache_andReadinessNamesRedis() {
        JsonObject code = service.createCode(service.adminKey, new JsonObject().put("destination", "https://example.com/a").put("slug", "shared"));
        assertTrue(peek.sync().get(prefix + "route:SHARED").contains("https://example.com/a"));

        service.patch("/api/v1/codes/" + code.getString("id"), service.adminKey, new JsonObject().put("destination", "https://example.com/b"));
        assertTrue(peek.sync().get(prefix + "route:SHARED").contains("https://example.com/b"));

        TestService.Reply ready = service.get("/readyz", null);
        assertEquals(200, ready.status(), ready.body());
        assertEquals(new JsonObject().put("sqlite", "up").put("disk", "up").put("redis", "up"),
                ready.json().getJsonObject("backends"));
        assertTrue(service.output.toString().contains("shared cache:   Redis at 127.0.0.1:" + redis.port));
    }

    @Test
    void redisDown_everythingGoesOnAlone_andRedisIsPickedUpAgainWhenBack() {
        String key = service.adminKey;
        JsonObject before = service.createCode(key, new JsonObject().put("destination", "https://example.com/before"));

        redis.stop();

        long started = System.nanoTime();
        assertEquals(302, service.scan("/r/" + before.getString("id")).status());
        JsonObject during = service.createCode(key, new JsonObject().put("destination", "https://example.com/during"));
        assertEquals("https://example.com/during", service.scan("/r/" + during.getString("id")).header("Location"));
        assertEquals(200, service.patch("/api/v1/codes/" + before.getString("id"), key,
                new JsonObject().put("destination", "https://example.com/changed")).status());
        assertEquals("https://example.com/changed", service.scan("/r/" + before.getString("id")).header("Location"));
        TestService.Reply ready = service.get("/readyz", null);
        assertEquals(503, ready.status());
        assertEquals("down", ready.json().getJsonObject("backends").getString("redis"));
        assertEquals("up", ready.json().getJsonObject("backends").getString("sqlite"));
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMillis < 5_000, "nothing hung on the dead Redis: " + tookMillis + " ms for it all");

        redis.start();

        await(() -> service.get("/readyz", null).status() == 200);
        service.patch("/api/v1/codes/" + before.getString("id"), key, new JsonObject().put("destination", "https://example.com/again"));
        await(() -> {
            String shared = peek.sync().get(prefix + "route:" + before.getString("id"));
            return shared != null && shared.contains("https://example.com/again");
        });
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
