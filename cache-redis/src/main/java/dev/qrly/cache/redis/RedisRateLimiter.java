package dev.qrly.cache.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.qrly.core.scan.LocalRateLimiter;
import dev.qrly.core.scan.RateLimiter;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A rate limit shared by every instance, on Redis, that never makes a request wait for Redis.
 *
 * <p>Design. The redirect asks for a token on the event loop, where nothing may block. So each
 * request is decided here, from memory: by this instance's own bucket (the same size and rate, so
 * one instance alone is limited as before), and by what Redis said last about the key. The same
 * token is then taken, asynchronously, from the key's bucket in Redis (a Lua script, atomic, on
 * the server's clock); when Redis answers that the shared bucket is empty, the key is refused here
 * until Redis's bucket has a token again. The shared limit is thus enforced one answer late on
 * each instance, which keeps the hot path free of I/O. While Redis cannot be reached, the script's
 * calls fail and only the instance's own bucket limits: per-instance limits, as the design asks.
 */
public final class RedisRateLimiter implements RateLimiter {

    /** Takes one token from the bucket in KEYS[1] (fields tokens, ts) and returns 0, or the ms until a token. */
    static final String SCRIPT = """
            local burst = tonumber(ARGV[1])
            local rate = tonumber(ARGV[2])
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
            local wait = 0
            if tokens >= 1 then
              tokens = tokens - 1
            else
              wait = math.ceil((1 - tokens) / rate * 1000)
            end
            redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'ts', now)
            redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
            return wait
            """;

    private final Redis redis;
    private final String name;
    private final long burst;
    private final double perSecond;
    private final LocalRateLimiter local;
    private final LongSupplier nanoTime;
    /** Keys Redis said are out of tokens, with the {@code nanoTime} until which they are refused. */
    private final Cache<String, Long> refusedUntil;

    /**
     * @param name keeps this limit's buckets apart from the others' ({@code client}, {@code code}, {@code key})
     */
    public RedisRateLimiter(Redis redis, String name, long burst, double perSecond, LongSupplier nanoTime) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.name = Objects.requireNonNull(name, "name");
        this.local = new LocalRateLimiter(burst, perSecond, nanoTime);
        this.burst = burst;
        this.perSecond = perSecond;
        this.nanoTime = nanoTime;
        this.refusedUntil = Caffeine.newBuilder().executor(Runnable::run).maximumSize(1_000_000)
                .expireAfterWrite(Duration.ofSeconds((long) Math.ceil(1 / perSecond) + 1)).build();
    }

    @Override
    public long tryAcquire(String key) {
        long now = nanoTime.getAsLong();
        Long until = refusedUntil.getIfPresent(key);
        if (until != null && until - now > 0) {
            return until - now;
        }
        long wait = local.tryAcquire(key);
        if (wait > 0) {
            return wait;
        }
        take(key);
        return 0;
    }

    /** Takes the token from the shared bucket too, without waiting; an empty bucket refuses the key here from then on. */
    private void take(String key) {
        try {
            redis.async().<Long>eval(SCRIPT, ScriptOutputType.INTEGER, new String[] {redis.key("limit:" + name + ":" + key)},
                    Long.toString(burst), Double.toString(perSecond)).thenAccept(waitMillis -> {
                        if (waitMillis != null && waitMillis > 0) {
                            refusedUntil.put(key, nanoTime.getAsLong() + waitMillis * 1_000_000L);
                        }
                    });
        } catch (RuntimeException unreachable) {
            // Redis is down: this instance's own bucket is the limit until it is back
        }
    }
}
