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
}
