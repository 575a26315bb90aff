package dev.qrly.core.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LocalRateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final LocalRateLimiter limiter = new LocalRateLimiter(3, 2, now::get);

    @Test
    void tryAcquire_burstThenRefill_allowsAtTheRate() {
        for (int i = 0; i < 3; i++) {
            assertEquals(0, limiter.tryAcquire("a"));
        }
        long wait = limiter.tryAcquire("a");
        assertTrue(wait > 0 && wait <= 500_000_000L, "wait " + wait);
        now.addAndGet(500_000_000L); // half a second: one token at 2/s
        assertEquals(0, limiter.tryAcquire("a"));
        assertTrue(limiter.tryAcquire("a") > 0);
    }

    @Test
    void tryAcquire_keysAreIndependent() {
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("a");
        }
        assertEquals(0, limiter.tryAcquire("b"));
    }

    @Test
    void tryAcquire_longIdle_capsAtBurst() {
        now.addAndGet(3_600_000_000_000L);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, limiter.tryAcquire("a"));
        }
        assertTrue(limiter.tryAcquire("a") > 0);
    }

    @Test
    void tryAcquireWatching_saysPressedOnceBelowTheFraction() {
        LocalRateLimiter ten = new LocalRateLimiter(10, 1, now::get);
        for (int i = 0; i < 5; i++) {
            assertEquals(0, ten.tryAcquireWatching("a", 0.5), "take " + i);
        }
        assertEquals(RateLimiter.PRESSED, ten.tryAcquireWatching("a", 0.5), "4 of 10 left");
        assertEquals(0, ten.tryAcquire("a"), "tryAcquire never says pressed");
        now.addAndGet(6_000_000_000L); // 9 of 10: above half, not full yet
        assertEquals(RateLimiter.PRESSED, ten.tryAcquireWatching("a", 0.5), "pressed until the bucket is full again");
        now.addAndGet(2_000_000_000L);
        assertEquals(0, ten.tryAcquireWatching("a", 0.5), "full again: the pressure is over");
    }

    @Test
    void tryAcquireTokens_takesSeveral_andAtMostABurst() {
        assertEquals(0, limiter.tryAcquireTokens("a", 2));
        long wait = limiter.tryAcquireTokens("a", 2);
        assertTrue(wait > 0 && wait <= 500_000_000L, "one token short at 2/s: " + wait);
        assertEquals(0, limiter.tryAcquire("a"));
        now.addAndGet(1_500_000_000L);
        assertEquals(0, limiter.tryAcquireTokens("b", 50), "more than a burst costs a whole full bucket");
        assertTrue(limiter.tryAcquire("b") > 0);
    }
}
