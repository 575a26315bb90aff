package dev.qrly.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.qrly.core.scan.RateLimiter;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Failed authentications per client address (bad or unknown bearer keys, bad dashboard sign-ins):
 * a client guessing keys gets 429 with {@code Retry-After} after a few failures, and from then on
 * its keys are not even checked until its time is up, so that an answer never tells a guess that
 * would have been right. Only failures count: a client using a good key is never slowed here, and
 * another address is never affected.
 *
 * <p>The failures are a {@link RateLimiter} by address ({@code QR_RATE_LIMIT_AUTH_FAIL}), so shared
 * by the instances with Redis. The lock-out itself is this instance's, set by the failure that
 * found the bucket empty: another instance learns of it at its next failure from that address.
 */
final class AuthFailures {

    private final RateLimiter failures;
    private final TrustedProxies proxies;
    private final LongSupplier nanoTime;
    /** Addresses refused, with the {@code nanoTime} until which their keys are not checked. */
    private final Cache<String, Long> lockedUntil;

    AuthFailures(RateLimiter failures, TrustedProxies proxies, LongSupplier nanoTime) {
        this.failures = failures;
        this.proxies = proxies;
        this.nanoTime = nanoTime;
        this.lockedUntil = Caffeine.newBuilder().executor(Runnable::run).maximumSize(100_000)
                .expireAfterWrite(Duration.ofHours(1)).build();
    }

    /** The client address of a request, read on the event loop. */
    String clientOf(HttpServerRequest request) {
        return proxies.clientAddress(request.remoteAddress().hostAddress(), request.getHeader("X-Forwarded-For"));
    }

    /**
     * Refuses a locked-out address before its key is checked.
     *
     * @throws Api.RateLimited if the address failed too often and its time is not up
     */
    void check(String client) {
        Long until = lockedUntil.getIfPresent(client);
        if (until != null) {
            long wait = until - nanoTime.getAsLong();
            if (wait > 0) {
                throw refused(wait);
            }
            lockedUntil.invalidate(client);
        }
    }

    /**
     * Counts a failed authentication from an address.
     *
     * @throws Api.RateLimited if it was one too many: the address is locked out until a failure is allowed again
     */
    void failed(String client) {
        long wait = failures.tryAcquire(client);
        if (wait > 0) {
            lockedUntil.put(client, nanoTime.getAsLong() + wait);
            throw refused(wait);
        }
    }

    void close() {
        failures.close();
    }

    private static Api.RateLimited refused(long waitNanos) {
        long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
        return new Api.RateLimited(seconds, "too many failed authentications from this address; retry in " + seconds + " s");
    }
}
