package dev.qrly.core.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
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

    @Test
    void tryAcquire_refused_saysTheExactWait() {
        LocalRateLimiter four = new LocalRateLimiter(2, 4, now::get); // a token every 250 ms
        assertEquals(0, four.tryAcquire("a"));
        now.addAndGet(100_000_000L);
        assertEquals(0, four.tryAcquire("a"));
        // 1.6 tokens owed at 4/s: the next is there in 150 ms
        assertEquals(150_000_000L, four.tryAcquire("a"));
        now.addAndGet(149_999_999L);
        assertEquals(1, four.tryAcquire("a"), "a refusal takes nothing");
        now.addAndGet(1);
        assertEquals(0, four.tryAcquire("a"));
        assertEquals(250_000_000L, four.tryAcquireTokens("a", 1));
        assertEquals(500_000_000L, four.tryAcquireTokens("a", 2), "two tokens short");
    }

    @Test
    void tryAcquire_fractionalRate_refillsOnTime() {
        LocalRateLimiter slow = new LocalRateLimiter(10, 0.1, now::get); // the auth-failure default: one every 10 s
        for (int i = 0; i < 10; i++) {
            assertEquals(0, slow.tryAcquire("a"));
        }
        assertEquals(10_000_000_000L, slow.tryAcquire("a"));
        now.addAndGet(9_999_999_999L);
        assertTrue(slow.tryAcquire("a") > 0);
        now.addAndGet(1);
        assertEquals(0, slow.tryAcquire("a"));
    }

    @Test
    void tryAcquireWatching_pressureOne_pressedOnceAnythingIsTaken_zeroNever() {
        LocalRateLimiter ten = new LocalRateLimiter(10, 1, now::get);
        assertEquals(RateLimiter.PRESSED, ten.tryAcquireWatching("a", 1));
        for (int i = 0; i < 9; i++) {
            assertEquals(0, ten.tryAcquireWatching("b", 0), "take " + i);
        }
        assertTrue(ten.tryAcquireWatching("b", 0) == 0 && ten.tryAcquireWatching("b", 0) > 0, "the burst, never pressed");
    }

    @Test
    void tryAcquireWatching_pair_isApartFromEitherKey() {
        for (int i = 0; i < 3; i++) {
            assertEquals(0, limiter.tryAcquireWatching("code", "client", 0));
        }
        assertTrue(limiter.tryAcquireWatching("code", "client", 0) > 0);
        assertEquals(0, limiter.tryAcquire("code"));
        assertEquals(0, limiter.tryAcquire("client"));
        assertEquals(0, limiter.tryAcquire("codeclient"));
        assertEquals(0, limiter.tryAcquireWatching("cod", "eclient", 0));
        assertEquals(0, limiter.tryAcquireWatching("client", "code", 0));
    }

    @Test
    void keyHash_keysAndPairsOfTheSameCharacters_hashApart_andTheSeedMatters() {
        KeyHash hash = new KeyHash(1, 2);
        List<Long> seen = new ArrayList<>(List.of(hash.of("abc"), hash.of("ab", "c"), hash.of("a", "bc"), hash.of("abc", ""),
                hash.of("", "abc"), hash.of("abcd"), hash.of("abc\0"), hash.of(""), hash.of("", "")));
        assertEquals(seen.size(), seen.stream().distinct().count(), "hashes " + seen);
        assertEquals(hash.of("203.0.113.7"), new KeyHash(1, 2).of("203.0.113.7"));
        assertNotEquals(hash.of("203.0.113.7"), new KeyHash(1, 3).of("203.0.113.7"));
    }

    @Test
    void constructor_badArguments_saysWhich() {
        assertThrows(IllegalArgumentException.class, () -> new LocalRateLimiter(0, 1, now::get));
        assertThrows(IllegalArgumentException.class, () -> new LocalRateLimiter(1, 0, now::get));
        assertThrows(IllegalArgumentException.class, () -> new LocalRateLimiter(1, Double.NaN, now::get));
        assertThrows(IllegalArgumentException.class, () -> new LocalRateLimiter(1, 1, now::get, 0));
        assertThrows(IllegalArgumentException.class, () -> limiter.tryAcquireTokens("a", 0));
    }

    @Test
    void constructor_extremeLimits_stayWithinTheLong() {
        // the benchmarks' "out of the way" limit, and a bucket of a century at one a year
        LocalRateLimiter huge = new LocalRateLimiter(1_000_000_000L, 1e9, now::get);
        for (int i = 0; i < 1000; i++) {
            assertEquals(0, huge.tryAcquire("a"));
        }
        LocalRateLimiter slow = new LocalRateLimiter(Long.MAX_VALUE, 1e-12, now::get);
        assertEquals(0, slow.tryAcquireTokens("a", Integer.MAX_VALUE));
        assertTrue(slow.tryAcquire("a") > 0);
        now.addAndGet(Long.MAX_VALUE / 4);
        assertTrue(slow.tryAcquire("a") >= 0);
    }

    @Test
    void slots_roundedUpToAPowerOfTwo_andNeverGrow() {
        assertEquals(LocalRateLimiter.DEFAULT_SLOTS, limiter.slots());
        assertEquals(8, new LocalRateLimiter(3, 2, now::get, 1).slots());
        assertEquals(1 << 17, new LocalRateLimiter(3, 2, now::get, FairShare.MAX_PAIRS).slots());
        assertEquals(1 << 20, new LocalRateLimiter(3, 2, now::get, 1_000_000).slots());
        LocalRateLimiter small = new LocalRateLimiter(3, 2, now::get, 64);
        for (int i = 0; i < 100_000; i++) {
            small.tryAcquire("client-" + i);
        }
        assertEquals(64, small.slots());
    }

    @Test
    void tryAcquire_newKeys_allocateNothing() {
        LocalRateLimiter table = new LocalRateLimiter(3, 2, now::get, 1 << 12);
        String[] keys = new String[50_000];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "198.51." + (i >> 8) + "." + (i & 255);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 3; round++) { // the last round after the first two have warmed it
            long before = threads.getCurrentThreadAllocatedBytes();
            long sum = 0;
            for (String key : keys) {
                sum += table.tryAcquireWatching(key, 0.5) + table.tryAcquireWatching("code", key, 0.5);
                now.addAndGet(1_000);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            if (round == 2) {
                // an object a call would be 1.6 MB; what is left is the measurement's own
                assertTrue(allocated < 16_384, "allocated " + allocated + " bytes for " + 2 * keys.length + " calls (" + sum + ")");
            }
        }
    }

    @Test
    void tryAcquire_fullGroup_floodOfNewKeysNeverForgetsAKeyOwingMore() {
        // one group of 8 slots: every key shares it
        LocalRateLimiter one = new LocalRateLimiter(3, 2, now::get, 8);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, one.tryAcquire("busy"));
        }
        for (int i = 0; i < 10_000; i++) {
            assertEquals(0, one.tryAcquire("new-" + i), "a new key has a full bucket");
            if (i % 100 == 0) {
                now.addAndGet(1_000_000L); // a millisecond: the new keys still owe nearly a token each
            }
        }
        assertTrue(one.tryAcquire("busy") > 0, "the busy key, owing more than any new one, was kept");
    }

    @Test
    void tryAcquire_fullGroupOfDebtors_forgetsTheOneNearestToFull() {
        LocalRateLimiter one = new LocalRateLimiter(10, 1, now::get, 8);
        // eight keys owing 2..9 tokens: "k0" owes the least
        for (int k = 0; k < 8; k++) {
            for (int t = 0; t < k + 2; t++) {
                assertEquals(0, one.tryAcquire("k" + k));
            }
        }
        assertEquals(0, one.tryAcquireTokens("stranger", 10), "a ninth key takes k0's slot");
        for (int t = 0; t < 10; t++) {
            assertEquals(0, one.tryAcquire("k0"), "k0, forgotten, starts full again: token " + t);
        }
        // k0 coming back took the slot nearest to full, k1 owing 3: the others still owe what they did
        for (int k = 2; k < 8; k++) {
            for (int t = 0; t < 8 - k; t++) {
                assertEquals(0, one.tryAcquire("k" + k), "k" + k + " token " + t);
            }
            assertTrue(one.tryAcquire("k" + k) > 0, "k" + k + " still owes");
        }
    }

    @Test
    void tryAcquire_fullBucket_freesItsSlot() {
        LocalRateLimiter one = new LocalRateLimiter(3, 2, now::get, 8);
        for (int k = 0; k < 8; k++) {
            one.tryAcquireTokens("k" + k, 3);
        }
        now.addAndGet(1_500_000_000L); // every bucket is full again: every slot is free
        for (int k = 0; k < 8; k++) {
            one.tryAcquireTokens("n" + k, 3);
        }
        for (int k = 0; k < 8; k++) {
            assertTrue(one.tryAcquire("n" + k) > 0, "n" + k + " kept");
        }
    }

    @Test
    void tryAcquire_severalThreadsOnOneKey_neverMoreThanBurstPlusRefill() throws InterruptedException {
        LocalRateLimiter shared = new LocalRateLimiter(100, 1000, now::get, 64);
        LongAdder allowed = new LongAdder();
        int threads = 4;
        int calls = 20_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> running = new ArrayList<>();
        long begin = now.get();
        for (int t = 0; t < threads; t++) {
            int id = t;
            running.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < calls; i++) {
                    if (shared.tryAcquireWatching("hot", 0.5) <= 0) {
                        allowed.increment();
                    }
                    shared.tryAcquire("other-" + id + "-" + (i & 63)); // traffic in other slots meanwhile
                    if (i % 10 == 0) {
                        now.addAndGet(10_000); // 10 µs: a token every hundred calls of one thread
                    }
                }
            }));
        }
        start.countDown();
        for (Thread thread : running) {
            thread.join();
        }
        long refill = (now.get() - begin) / 1_000_000L; // 1000/s: one a millisecond
        assertTrue(allowed.sum() <= 100 + refill, "allowed " + allowed.sum() + ", burst 100 + refill " + refill);
        assertTrue(allowed.sum() >= refill / 2, "allowed " + allowed.sum() + " of a refill of " + refill);
    }

    @Test
    void tryAcquire_severalThreadsOnOneKey_frozenClock_exactlyTheBurst() throws InterruptedException {
        LocalRateLimiter shared = new LocalRateLimiter(1000, 1, now::get);
        LongAdder allowed = new LongAdder();
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            running.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 10_000; i++) {
                    if (shared.tryAcquire("hot") == 0) {
                        allowed.increment();
                    }
                }
            }));
        }
        for (Thread thread : running) {
            thread.join();
        }
        assertEquals(1000, allowed.sum());
    }
}
