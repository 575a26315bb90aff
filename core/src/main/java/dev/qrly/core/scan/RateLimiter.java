package dev.qrly.core.scan;

/**
 * Port: token buckets by key (a client address, a code, an API key). Called on the event loop for
 * every scan: it answers from memory, with no I/O and no lock a writer holds for long.
 */
public interface RateLimiter extends AutoCloseable {

    /**
     * Takes a token for the key.
     *
     * @return 0 if allowed; else the nanoseconds until a token will be there
     */
    long tryAcquire(String key);

    /** Stops what the limiter does in the background, if anything; it may still be asked after. */
    @Override
    default void close() {
        // most limiters do nothing in the background
    }

    /** Makes the limiters of a deployment: one alone in this process, or shared by every instance. */
    @FunctionalInterface
    interface Factory {
        /** In this process only. */
        Factory LOCAL = (name, burst, perSecond) -> new LocalRateLimiter(burst, perSecond, System::nanoTime);

        /**
         * @param name what is limited ({@code client}, {@code code}, {@code key}), which keeps the
         *     buckets of different limits apart
         * @param burst the bucket size, at least 1
         * @param perSecond the refill rate, more than 0
         */
        RateLimiter create(String name, long burst, double perSecond);
    }
}
