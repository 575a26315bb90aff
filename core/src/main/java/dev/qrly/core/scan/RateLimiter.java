package dev.qrly.core.scan;

import java.util.function.LongSupplier;

/**
 * Port: token buckets by key (a client address, a code, an API key). Called on the event loop for
 * every scan: it answers from memory, with no I/O and no lock a writer holds for long.
 */
public interface RateLimiter extends AutoCloseable {

    /**
     * What {@link #tryAcquireWatching} answers for a request it allowed that left the key's bucket
     * below the fraction asked about: the key is asked for more often than its rate, though not
     * refused yet.
     */
    long PRESSED = -1;

    /**
     * Takes a token for the key.
     *
     * @return 0 if allowed; else the nanoseconds until a token will be there
     */
    long tryAcquire(String key);

    /**
     * Takes {@code tokens} tokens for the key at once, for work that costs more than one request
     * (a large image). More tokens than the bucket holds are taken as a whole bucket.
     *
     * @param tokens at least 1
     * @return 0 if allowed; else the nanoseconds until that many tokens will be there
     */
    default long tryAcquireTokens(String key, int tokens) {
        long wait = 0;
        for (int i = 0; i < tokens && wait == 0; i++) {
            wait = tryAcquire(key);
        }
        return wait;
    }

    /**
     * Takes a token as {@link #tryAcquire} does, and says besides whether the key is under
     * pressure: from the request that leaves its bucket less than {@code pressure} full until the
     * bucket is full again (so a key asked for faster than its rate stays pressed until it lets
     * up), from this process's view of it (never by asking another one). Use one fraction a limiter.
     *
     * @param pressure a fraction of the bucket, from 0 (never pressed) to 1 (pressed once anything is taken)
     * @return 0 if allowed; {@link #PRESSED} if allowed under pressure;
     *     else the nanoseconds until a token will be there
     */
    default long tryAcquireWatching(String key, double pressure) {
        return tryAcquire(key);
    }

    /** Stops what the limiter does in the background, if anything; it may still be asked after. */
    @Override
    default void close() {
        // most limiters do nothing in the background
    }

    /** Makes the limiters of a deployment: one alone in this process, or shared by every instance. */
    @FunctionalInterface
    interface Factory {
        /** In this process only, on {@link System#nanoTime}. */
        Factory LOCAL = local(System::nanoTime);

        /**
         * @param name what is limited ({@code client}, {@code code}, {@code key}), which keeps the
         *     buckets of different limits apart
         * @param burst the bucket size, at least 1
         * @param perSecond the refill rate, more than 0
         */
        RateLimiter create(String name, long burst, double perSecond);

        /** The monotonic time in nanoseconds that the limiters read; limiters kept in one process read it too. */
        default LongSupplier nanoTime() {
            return System::nanoTime;
        }

        /** Limiters in this process only, reading {@code nanoTime} (a test's clock). */
        static Factory local(LongSupplier nanoTime) {
            return new Factory() {
                @Override
                public RateLimiter create(String name, long burst, double perSecond) {
                    return new LocalRateLimiter(burst, perSecond, nanoTime);
                }

                @Override
                public LongSupplier nanoTime() {
                    return nanoTime;
                }
            };
        }
    }
}
