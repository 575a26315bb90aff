package dev.qrly.core.scan;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Token buckets by key, in this process (a client address, a code, an API key): each holds up to {@code burst}
 * tokens and gains {@code perSecond} a second; a request takes one or is refused with the time
 * until the next token.
 *
 * <p>Buckets live in a bounded map and are forgotten after a minute unused (a forgotten bucket is
 * a full one, which is what it would be by then anyway). A bucket is a tiny synchronized object:
 * contention on one key is what the limit is for, and distinct keys never contend.
 */
public final class LocalRateLimiter implements RateLimiter {

    private final long burst;
    private final double perSecond;
    private final LongSupplier nanoTime;
    private final Cache<String, Bucket> buckets;

    /**
     * @param burst the bucket size, at least 1
     * @param perSecond the refill rate, more than 0
     * @param nanoTime a monotonic clock in nanoseconds (injected for tests)
     */
    public LocalRateLimiter(long burst, double perSecond, LongSupplier nanoTime) {
        this(burst, perSecond, nanoTime, 1_000_000);
    }

    /**
     * @param maxKeys the most buckets kept; past it the least used are forgotten (and start full again)
     */
    public LocalRateLimiter(long burst, double perSecond, LongSupplier nanoTime, long maxKeys) {
        if (burst < 1 || !(perSecond > 0)) {
            throw new IllegalArgumentException("burst must be >= 1 and rate > 0, not " + burst + "/" + perSecond);
        }
        this.burst = burst;
        this.perSecond = perSecond;
        this.nanoTime = nanoTime;
        this.buckets = Caffeine.newBuilder().executor(Runnable::run).maximumSize(maxKeys).expireAfterAccess(Duration.ofMinutes(1)).build();
    }

    @Override
    public long tryAcquire(String key) {
        return take(key, 1, 0);
    }

    @Override
    public long tryAcquireTokens(String key, int tokens) {
        if (tokens < 1) {
            throw new IllegalArgumentException("tokens must be at least 1, not " + tokens);
        }
        return take(key, Math.min(tokens, burst), 0);
    }

    @Override
    public long tryAcquireWatching(String key, double pressure) {
        return take(key, 1, pressure * burst);
    }

    private long take(String key, long tokens, double pressedBelow) {
        Bucket bucket = buckets.get(key, k -> new Bucket(burst, nanoTime.getAsLong()));
        return bucket.take(burst, perSecond, nanoTime.getAsLong(), tokens, pressedBelow);
    }

    private static final class Bucket {
        private double tokens;
        private long last;
        /** Below the pressure fraction since it was last full: a key asked for faster than its rate stays pressed until it lets up. */
        private boolean pressed;

        Bucket(long tokens, long now) {
            this.tokens = tokens;
            this.last = now;
        }

        /**
         * Takes {@code wanted} (at most a burst): 0, or PRESSED from the take that leaves fewer than
         * {@code pressedBelow} until the bucket is full again; else the wait.
         */
        synchronized long take(long burst, double perSecond, long now, long wanted, double pressedBelow) {
            tokens = Math.min(burst, tokens + Math.max(0, now - last) / 1e9 * perSecond);
            last = now;
            if (tokens >= burst) {
                pressed = false;
            }
            if (tokens >= wanted) {
                tokens -= wanted;
                pressed |= tokens < pressedBelow;
                return pressed && pressedBelow > 0 ? PRESSED : 0;
            }
            return (long) Math.ceil((wanted - tokens) / perSecond * 1e9);
        }
    }
}
