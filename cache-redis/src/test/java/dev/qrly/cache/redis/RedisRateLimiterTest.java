package dev.qrly.cache.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Rate limits shared by two instances through a real redis-server, and per instance when it is down. */
class RedisRateLimiterTest extends TwoInstances {

    @Test
    void twoInstances_shareOneBucket_eachRefusingOnceRedisSaysItIsEmpty() {
        // 10 tokens and next to no refill: each instance alone would allow 10, together they share 10
        RedisRateLimiter onA = new RedisRateLimiter(a, "client", 10, 0.01, System::nanoTime);
        RedisRateLimiter onB = new RedisRateLimiter(b, "client", 10, 0.01, System::nanoTime);
        int allowed = 0;
        for (int i = 0; i < 5; i++) {
            allowed += onA.tryAcquire("203.0.113.7") == 0 ? 1 : 0;
            allowed += onB.tryAcquire("203.0.113.7") == 0 ? 1 : 0;
        }
        assertEquals(10, allowed, "the first ten are allowed everywhere");

        // the shared bucket is empty now: the next answer from Redis refuses the key on each instance
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int more = 0;
        while (onA.tryAcquire("203.0.113.7") == 0 || onB.tryAcquire("203.0.113.7") == 0) {
            more++;
            assertTrue(System.nanoTime() < deadline, "Redis never refused");
            RedisServer.sleep(20);
        }
        assertTrue(more <= 2, "each instance lets through at most the one request that asked Redis: " + more);
        assertTrue(onA.tryAcquire("203.0.113.7") > 0);
        assertTrue(onB.tryAcquire("203.0.113.7") > 0);
        assertEquals(0, onA.tryAcquire("198.51.100.1"), "another key has its own bucket");
    }

    @Test
    void redisDown_eachInstanceLimitsAlone() {
        RedisRateLimiter onA = new RedisRateLimiter(a, "key", 3, 0.01, System::nanoTime);
        server.stop();

        long started = System.nanoTime();
        assertEquals(0, onA.tryAcquire("qrly_abc"));
        assertEquals(0, onA.tryAcquire("qrly_abc"));
        assertEquals(0, onA.tryAcquire("qrly_abc"));
        assertTrue(onA.tryAcquire("qrly_abc") > 0, "this instance's own bucket still limits");
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(1).toNanos(), "no request waited for the dead Redis");
    }

    @Test
    void busyKey_isChargedInBatches_notOneScriptARequest() {
        // a burst of 100,000 and next to no refill: a twentieth (5,000) pending is sent at once; the timed
        // flush is put off for the test, so that what is sent does not depend on how fast the loop runs
        a.sync().configResetstat();
        RedisRateLimiter onA = new RedisRateLimiter(a, "code", 100_000, 0.01, System::nanoTime, Duration.ofHours(1).toMillis());
        for (int i = 0; i < 12_000; i++) {
            assertEquals(0, onA.tryAcquire("CODE00000001"));
        }
        onA.close(); // sends the last 2,000

        String key = a.key("limit:code:CODE00000001");
        RedisServer.await(() -> {
            String tokens = a.sync().hget(key, "tokens");
            return tokens != null && Double.parseDouble(tokens) < 100_000 - 11_999;
        });
        assertEquals(88_000, Double.parseDouble(a.sync().hget(key, "tokens")), 1.0, "every token reached Redis");
        String stats = a.sync().info("commandstats");
        long scripts = Long.parseLong(stats.replaceAll("(?s).*cmdstat_eval:calls=(\\d+).*", "$1"));
        assertEquals(3, scripts, "two batches of 5,000 and the rest at close, not 12,000 scripts");
    }

    @Test
    void overshoot_isOwed_soTheKeyIsRefusedUntilItIsPaidBack() {
        // what instances that each spent their own bucket of 40 before Redis heard of them send: 80 tokens
        Long answer = a.sync().eval(RedisRateLimiter.SCRIPT, io.lettuce.core.ScriptOutputType.INTEGER,
                new String[] {a.key("limit:client:203.0.113.9")}, "40", "10", "80");
        assertTrue(answer >= 4_000 && answer <= 4_200, "40 tokens owed and one to come, at 10/s: " + answer + " ms");

        try (RedisRateLimiter onA = new RedisRateLimiter(a, "client", 40, 10, System::nanoTime)) {
            assertEquals(0, onA.tryAcquire("203.0.113.9"), "this instance's own bucket allows it, and tells Redis");
            RedisServer.await(() -> onA.tryAcquire("203.0.113.9") > 0);

            long wait = onA.tryAcquire("203.0.113.9");
            assertTrue(wait > Duration.ofSeconds(3).toNanos(), "refused until the debt is paid: " + wait + " ns");
        }
    }

    @Test
    void tokens_areChargedToTheSharedBucketByCount() {
        // a render of 16 tokens on each instance, of a shared 20: the second instance learns the bucket is spent
        try (RedisRateLimiter onA = new RedisRateLimiter(a, "render", 20, 0.01, System::nanoTime);
                RedisRateLimiter onB = new RedisRateLimiter(b, "render", 20, 0.01, System::nanoTime)) {
            assertEquals(0, onA.tryAcquireTokens("203.0.113.7", 16));
            String key = a.key("limit:render:203.0.113.7");
            RedisServer.await(() -> {
                String tokens = a.sync().hget(key, "tokens");
                return tokens != null && Double.parseDouble(tokens) < 5;
            });
            assertEquals(4, Double.parseDouble(a.sync().hget(key, "tokens")), 0.1, "16 of 20 taken in Redis");
            assertEquals(0, onB.tryAcquireTokens("203.0.113.7", 16), "B's own bucket allows it, and tells Redis");
            RedisServer.await(() -> onB.tryAcquire("203.0.113.7") > 0);
        }
    }

    @Test
    void watching_saysPressedFromThisInstancesOwnBucket() {
        try (RedisRateLimiter onA = new RedisRateLimiter(a, "code", 4, 0.01, System::nanoTime)) {
            assertEquals(0, onA.tryAcquireWatching("CODE00000002", 0.5));
            assertEquals(0, onA.tryAcquireWatching("CODE00000002", 0.5));
            assertEquals(dev.qrly.core.scan.RateLimiter.PRESSED, onA.tryAcquireWatching("CODE00000002", 0.5), "1 of 4 left");
        }
    }
}
