package dev.qrly.cache.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.qrly.core.scan.LocalRateLimiter;
import dev.qrly.core.scan.RateLimiter;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A rate limit shared by every instance, on Redis, that never makes a request wait for Redis.
 *
 * <p>Design. The redirect asks for a token on the event loop, where nothing may block. So each
 * request is decided here, from memory: by this instance's own bucket (the same size and rate, so
 * one instance alone is limited as before), and by what Redis said last about the key. The tokens
 * are then taken from the key's bucket in Redis too (a Lua script, atomic, on the server's clock),
 * asynchronously and in batches: a key's tokens are sent once {@link #flushAt} of them are pending
 * (a twentieth of the burst, at least one), and every {@link #FLUSH_MILLIS} ms whatever is pending.
 * So a busy key costs Redis one script a few dozen requests rather than one a request, and a key
 * with a small burst is still charged at once. When Redis answers that the shared bucket holds less
 * than a token, the key is refused here until Redis's bucket has one again. The shared limit is
 * thus enforced a batch late on each instance (at most {@code flushAt} tokens and
 * {@code FLUSH_MILLIS} of refill); a bucket taken below zero owes the excess, so the overshoot is
 * paid back. While Redis cannot be reached, the script's calls fail and only the instance's own
 * bucket limits: per-instance limits, as the design asks.
 */
public final class RedisRateLimiter implements RateLimiter, AutoCloseable {

    /**
     * Takes ARGV[3] tokens from the bucket in KEYS[1] (fields tokens, ts), down to minus a burst at
     * most, and returns 0 if a token is left, else the ms until there is one.
     */
    static final String SCRIPT = """
            local burst = tonumber(ARGV[1])
            local rate = tonumber(ARGV[2])
            local taken = tonumber(ARGV[3])
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
            local tokens = tonumber(b[1])
            local ts = tonumber(b[2])
            if tokens == nil then
              tokens = burst
              ts = now
            end
            tokens = math.min(burst, tokens + math.max(0, now - ts) / 1000 * rate)
            tokens = math.max(-burst, tokens - taken)
            local wait = 0
            if tokens < 1 then
              wait = math.ceil((1 - tokens) / rate * 1000)
            end
            redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'ts', now)
            redis.call('PEXPIRE', KEYS[1], math.ceil(2 * burst / rate * 1000) + 1000)
            return wait
            """;

    /** How often the tokens pending on every key are sent to Redis. */
    static final long FLUSH_MILLIS = 10;

    private final Redis redis;
    private final String name;
    private final long burst;
    private final double perSecond;
    private final LocalRateLimiter local;
    private final LongSupplier nanoTime;
    /** Keys Redis said are out of tokens, with the {@code nanoTime} until which they are refused. */
    private final Cache<String, Long> refusedUntil;
    /** Tokens allowed here and not yet taken from Redis's buckets, by key. */
    private final ConcurrentHashMap<String, AtomicLong> pending = new ConcurrentHashMap<>();
    /** Pending tokens on one key that are sent at once, without waiting for the next flush. */
    private final long flushAt;
    private final ScheduledExecutorService flusher;

    /**
     * @param name keeps this limit's buckets apart from the others' ({@code client}, {@code code}, {@code key})
     */
    public RedisRateLimiter(Redis redis, String name, long burst, double perSecond, LongSupplier nanoTime) {
        this(redis, name, burst, perSecond, nanoTime, FLUSH_MILLIS);
    }

    /** @param flushMillis how often pending tokens are sent; tests choose it so that only full batches are sent */
    RedisRateLimiter(Redis redis, String name, long burst, double perSecond, LongSupplier nanoTime, long flushMillis) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.name = Objects.requireNonNull(name, "name");
        this.local = new LocalRateLimiter(burst, perSecond, nanoTime);
        this.burst = burst;
        this.perSecond = perSecond;
        this.nanoTime = nanoTime;
        this.flushAt = Math.max(1, burst / 20);
        this.refusedUntil = Caffeine.newBuilder().executor(Runnable::run).maximumSize(1_000_000)
                .expireAfterWrite(Duration.ofSeconds((long) Math.ceil(2 * burst / perSecond) + 1)).build();
        this.flusher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("redis-limit-" + name).daemon(true).factory());
        flusher.scheduleWithFixedDelay(this::flush, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public long tryAcquire(String key) {
        return acquire(key, 1, 0);
    }

    @Override
    public long tryAcquireTokens(String key, int tokens) {
        return acquire(key, (int) Math.min(tokens, burst), 0);
    }

    /** Pressure is this instance's own bucket's, or the shared bucket's once Redis has said it is empty (a refusal). */
    @Override
    public long tryAcquireWatching(String key, double pressure) {
        return acquire(key, 1, pressure);
    }

    private long acquire(String key, int count, double pressure) {
        long now = nanoTime.getAsLong();
        Long until = refusedUntil.getIfPresent(key);
        if (until != null && until - now > 0) {
            return until - now;
        }
        long wait = count == 1 ? local.tryAcquireWatching(key, pressure) : local.tryAcquireTokens(key, count);
        if (wait > 0) {
            return wait;
        }
        AtomicLong tokens = pending.computeIfAbsent(key, k -> new AtomicLong());
        if (tokens.addAndGet(count) >= flushAt) {
            take(key, tokens.getAndSet(0));
        }
        return wait;
    }

    /** Sends every key's pending tokens; forgets keys that had none since the last flush. */
    private void flush() {
        for (Map.Entry<String, AtomicLong> entry : pending.entrySet()) {
            long tokens = entry.getValue().getAndSet(0);
            if (tokens > 0) {
                take(entry.getKey(), tokens);
            } else {
                // idle: a token allowed between the check and the removal goes uncharged, which errs on the generous side
                pending.remove(entry.getKey(), entry.getValue());
            }
        }
    }

    /** Takes tokens from the shared bucket, without waiting; a bucket left without a token refuses the key here from then on. */
    private void take(String key, long tokens) {
        if (tokens <= 0) {
            return;
        }
        try {
            redis.async().<Long>eval(SCRIPT, ScriptOutputType.INTEGER, new String[] {redis.key("limit:" + name + ":" + key)},
                    Long.toString(burst), Double.toString(perSecond), Long.toString(tokens)).thenAccept(waitMillis -> {
                        if (waitMillis != null && waitMillis > 0) {
                            refusedUntil.put(key, nanoTime.getAsLong() + waitMillis * 1_000_000L);
                        }
                    });
        } catch (RuntimeException unreachable) {
            // Redis is down: this instance's own bucket is the limit until it is back
        }
    }

    /** Stops the flusher, and sends what is pending so that no allowed request goes uncharged. */
    @Override
    public void close() {
        flusher.shutdownNow();
        try {
            flusher.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
