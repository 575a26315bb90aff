package dev.qrly.core.scan;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Token buckets by key, in this process (a client address, a (code, client) pair, a code, an API
 * key): each holds up to {@code burst} tokens and gains {@code perSecond} a second; a request takes
 * one or is refused with the time until the next token.
 *
 * <p>Design (issue 15). Keys come in unbounded numbers (a new phone per scan, addresses sprayed
 * through a proxy), so the buckets are not objects in a map, which under such load lived just
 * long enough to be promoted and made every young collection slow. They are slots in one
 * fixed-size table of primitive longs, allocated once; a call allocates nothing.
 * <ul>
 *   <li><b>One long a bucket.</b> A bucket is kept as the time at which it will be full again
 *       (the "theoretical arrival time" of the generic cell rate algorithm), which is exactly a
 *       token bucket: its tokens are {@code burst - (full - now) / interval}, taking {@code n}
 *       moves the time {@code n} intervals on, and a take is allowed while the time stays within
 *       {@code burst} intervals of now. Its lowest bit is the pressure flag of
 *       {@link #tryAcquireWatching}. A bucket whose time is past is full, so its slot is free:
 *       nothing needs expiring.</li>
 *   <li><b>Slots.</b> {@code slots} (a power of two, at least 8; {@link #DEFAULT_SLOTS} unless
 *       told) pairs of longs, a key's 64-bit fingerprint and its bucket: 16 bytes a slot, so
 *       {@value #DEFAULT_SLOTS} slots take 4 MiB, whatever the number of keys. A key may sit in
 *       any of the 8 slots of the group its fingerprint picks (two cache lines).</li>
 *   <li><b>When a group is full</b>, a new key takes the slot whose bucket is nearest to full
 *       (a free one first): forgetting a bucket makes it full, so this forgets as little as can
 *       be. The key forgotten gains back what it owed, at most a burst; it is forgotten only
 *       while the 7 other keys of its group all owe more than it does. A flood of new keys that
 *       take one token each therefore never pushes out a key owing more than one token: they
 *       push out each other. Keys owing tokens fit while there are fewer than about a quarter
 *       as many as slots (with a quarter, a group overflows with probability 0.1 %; with an
 *       eighth, 0.001 %): the default holds 65,536, which for the per-client limit (a new client
 *       owes its token for 1/20 s) is a million new clients a second.</li>
 *   <li><b>Fingerprints</b> are {@link KeyHash SipHash-1-3} with a key drawn from
 *       {@link java.security.SecureRandom} per limiter, so no one can pick addresses that share
 *       a group or a fingerprint. Two keys sharing a fingerprint share a bucket: with {@code n}
 *       keys owing tokens, the chance that any two of them do is about {@code n² / 2^65}
 *       (3 × 10^-8 for a million).</li>
 *   <li><b>Threads.</b> Each group is updated under one of up to 1,024 striped monitors, held
 *       for a few dozen nanoseconds; keys in different stripes never contend.</li>
 * </ul>
 * Time is kept in whole nanoseconds: an interval is {@code 10^9 / perSecond} rounded down (so the
 * rate errs, by under a nanosecond a token, on the generous side; rates above 10^9 a second count
 * as 10^9), and a bucket holds at most 2^60 ns (36 years) of refill.
 */
public final class LocalRateLimiter implements RateLimiter {

    /** Slots when not told: 262,144, 4 MiB. */
    public static final int DEFAULT_SLOTS = 1 << 18;

    /** Slots in a group, which a key may take any of. */
    static final int WAYS = 8;
    private static final int MAX_STRIPES = 1024;
    private static final long MAX_CAPACITY = 1L << 60;

    private final long burst;
    private final long interval;
    private final long capacity;
    private final LongSupplier nanoTime;
    private final long origin;
    private final KeyHash hash;
    /** Per slot: the fingerprint (0: never used), then the bucket (full-again time since origin, shifted left one; pressure bit). */
    private final long[] table;
    private final int groupMask;
    private final Object[] stripes;

    /**
     * With {@link #DEFAULT_SLOTS} slots.
     *
     * @param burst the bucket size, at least 1
     * @param perSecond the refill rate, more than 0
     * @param nanoTime a monotonic clock in nanoseconds (injected for tests)
     * @throws IllegalArgumentException if the burst or the rate is out of range
     */
    public LocalRateLimiter(long burst, double perSecond, LongSupplier nanoTime) {
        this(burst, perSecond, nanoTime, DEFAULT_SLOTS);
    }

    /**
     * @param maxKeys the slots, rounded up to a power of two (at least 8, at most 2^28): keys owing
     *     tokens that fit without being forgotten early are about a quarter of it
     * @throws IllegalArgumentException if the burst, the rate or {@code maxKeys} is out of range
     */
    public LocalRateLimiter(long burst, double perSecond, LongSupplier nanoTime, long maxKeys) {
        this(burst, perSecond, nanoTime, maxKeys, new KeyHash());
    }

    LocalRateLimiter(long burst, double perSecond, LongSupplier nanoTime, long maxKeys, KeyHash hash) {
        if (burst < 1 || !(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("burst must be >= 1 and rate > 0, not " + burst + "/" + perSecond);
        }
        if (maxKeys < 1 || maxKeys > 1 << 28) {
            throw new IllegalArgumentException("maxKeys must be from 1 to 2^28, not " + maxKeys);
        }
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.hash = hash;
        this.interval = (long) Math.max(1, Math.min(MAX_CAPACITY, Math.floor(1e9 / perSecond)));
        this.burst = Math.min(burst, MAX_CAPACITY / interval);
        this.capacity = this.burst * interval;
        int slots = Math.max(WAYS, Integer.highestOneBit((int) Math.max(1, maxKeys - 1)) << 1);
        this.table = new long[slots * 2];
        int groups = slots / WAYS;
        this.groupMask = groups - 1;
        this.stripes = new Object[Math.min(groups, MAX_STRIPES)];
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
        }
        this.origin = nanoTime.getAsLong();
    }

    /** The slots of the table; it never grows. */
    public int slots() {
        return table.length / 2;
    }

    @Override
    public long tryAcquire(String key) {
        return take(hash.of(key), 1, 0);
    }

    @Override
    public long tryAcquireTokens(String key, int tokens) {
        if (tokens < 1) {
            throw new IllegalArgumentException("tokens must be at least 1, not " + tokens);
        }
        return take(hash.of(key), Math.min(tokens, burst), 0);
    }

    @Override
    public long tryAcquireWatching(String key, double pressure) {
        return take(hash.of(key), 1, pressure);
    }

    /**
     * {@link #tryAcquireWatching(String, double)} for the pair of two keys (a code and a client),
     * without making a key of them: the pair's bucket is apart from either key's own.
     */
    public long tryAcquireWatching(String first, String second, double pressure) {
        return take(hash.of(first, Objects.requireNonNull(second, "second")), 1, pressure);
    }

    /**
     * Takes {@code wanted} tokens (at most a burst) from the fingerprint's bucket: 0, or PRESSED
     * from the take that leaves it less than {@code pressure} full until it is full again; else the wait.
     */
    private long take(long fingerprint, long wanted, double pressure) {
        long fp = fingerprint == 0 ? 1 : fingerprint; // 0 marks a slot never used
        long now = nanoTime.getAsLong() - origin;
        int group = (int) fp & groupMask;
        int base = group * WAYS * 2;
        synchronized (stripes[group & (stripes.length - 1)]) {
            int slot = -1;
            int victim = base;
            long victimFull = Long.MAX_VALUE;
            for (int i = base; i < base + WAYS * 2; i += 2) {
                if (table[i] == fp) {
                    slot = i;
                    break;
                }
                long full = table[i + 1] >>> 1;
                if (full < victimFull) {
                    victimFull = full;
                    victim = i;
                }
            }
            long state;
            if (slot < 0) {
                // a key not in the table has a full bucket; it takes the slot nearest to full
                slot = victim;
                table[slot] = fp;
                state = 0;
            } else {
                state = table[slot + 1];
            }
            long full = state >>> 1;
            boolean pressed = (state & 1) != 0;
            if (full <= now) {
                full = now;
                pressed = false;
            }
            long owed = full - now + wanted * interval;
            if (owed > capacity) {
                table[slot + 1] = full << 1 | (pressed ? 1 : 0);
                return owed - capacity;
            }
            // fewer than pressure * burst tokens left: more than (1 - pressure) of the capacity owed
            pressed |= owed > (1 - pressure) * capacity;
            table[slot + 1] = (now + owed) << 1 | (pressed ? 1 : 0);
            return pressed && pressure > 0 ? PRESSED : 0;
        }
    }
}
