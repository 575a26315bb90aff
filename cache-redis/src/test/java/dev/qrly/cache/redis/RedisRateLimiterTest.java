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
}
