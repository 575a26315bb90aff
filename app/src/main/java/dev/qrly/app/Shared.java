package dev.qrly.app;

import dev.qrly.cache.redis.Redis;
import dev.qrly.cache.redis.RedisChangeBus;
import dev.qrly.cache.redis.RedisLeases;
import dev.qrly.cache.redis.RedisLiveCounts;
import dev.qrly.cache.redis.RedisRateLimiter;
import dev.qrly.cache.redis.RedisSharedRoutes;
import dev.qrly.core.Leases;
import dev.qrly.core.analytics.LiveCounts;
import dev.qrly.core.scan.ChangeBus;
import dev.qrly.core.scan.RateLimiter;
import dev.qrly.core.scan.SharedRoutes;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * What the instances of a deployment share besides the store: with {@code QR_REDIS_URL}, Redis's
 * route cache, change bus, rate limits, leases and live counts; without, nothing (one instance alone).
 */
record Shared(Optional<Redis> backend, SharedRoutes routes, ChangeBus bus, RateLimiter.Factory limits, Leases leases,
        LiveCounts counts) implements AutoCloseable {

    /** @param nanoTime the monotonic time the rate limits read */
    static Shared of(Config config, LongSupplier nanoTime) {
        if (config.redisUrl() == null) {
            return new Shared(Optional.empty(), SharedRoutes.NONE, ChangeBus.LOCAL, RateLimiter.Factory.local(nanoTime), Leases.LOCAL,
                    LiveCounts.NONE);
        }
        Redis redis = Redis.of(config.redisUrl(), config.redisPrefix());
        RateLimiter.Factory limits = new RateLimiter.Factory() {
            @Override
            public RateLimiter create(String name, long burst, double perSecond) {
                return new RedisRateLimiter(redis, name, burst, perSecond, nanoTime);
            }

            @Override
            public LongSupplier nanoTime() {
                return nanoTime;
            }
        };
        return new Shared(Optional.of(redis), new RedisSharedRoutes(redis), new RedisChangeBus(redis), limits, new RedisLeases(redis),
                new RedisLiveCounts(redis));
    }

    @Override
    public void close() {
        if (bus instanceof RedisChangeBus redisBus) {
            redisBus.close();
        }
        backend.ifPresent(Redis::close);
    }
}
