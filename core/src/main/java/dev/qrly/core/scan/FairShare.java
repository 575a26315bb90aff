package dev.qrly.core.scan;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A code's rate limit, charged only to the clients over their fair share of the code: a flood
 * aimed at one printed code is refused to the addresses sending it, not to the code's other
 * scanners.
 *
 * <p>Design. Every scan takes a token from the code's bucket, as before. While that bucket is more
 * than {@link #PRESSURE} full, that is all: one map read, nothing kept per client. Once it falls
 * below (the code is asked for faster than its rate), the code is under pressure until its bucket
 * is full again, and each of its scans is also counted against a bucket of its own (code, client)
 * pair, the client's fair share ({@code QR_RATE_LIMIT_CODE_CLIENT}). Then:
 * <ul>
 *   <li>a client within its share, at no more than the share's rate, is answered even when the
 *       code's bucket is empty: a person at a normal rate is never refused because of someone
 *       else's flood;</li>
 *   <li>a client using its share up (its share bucket fell below {@link #FLOODING} and has not
 *       been full since) or past it is flooding: answered while the code's bucket still has
 *       tokens, but flagged ({@link #FLOOD}) and counted apart from people's scans; refused with
 *       429 once the code's bucket is empty.</li>
 * </ul>
 * So a flood on a code is answered at most at the code's rate, and the code's other scanners at
 * theirs. The pair buckets live in a fixed table of {@link #MAX_PAIRS} slots ({@link LocalRateLimiter}:
 * 2 MiB, allocated once; a pair takes no object and no key of its own), and a pair's slot is free
 * again once its share is full: they exist only for codes under pressure, and only for the clients
 * that scanned them meanwhile. When the table is crowded, the pair nearest to a full share is
 * forgotten first, and starts again with a full share.
 * What cannot be told from people is a flood's start: the code's first tenth before pressure, and
 * each flooder's first half share. Measured with the defaults ({@code FloodIT}: 100 addresses at
 * 40 scans/s and one scanner at 10/s on one code for 5 s): the scanner answered 50 times of 50
 * (before: refused 27 times), 2,000 of 14,777 answered flood scans counted as people's (before: all).
 *
 * <p>With several instances sharing limits through Redis, the code's bucket is the shared one
 * (pressure is this instance's view of it: its own copy of the bucket, or Redis having said it is
 * empty), but the pair table is each instance's own: a flooding address spread by a load balancer
 * over {@code n} instances has {@code n} shares. The per-client limit, which is shared, still
 * bounds it.
 */
public final class FairShare implements AutoCloseable {

    /** What {@link #admit} answers for a scan to answer but flag: its client is flooding the code. */
    public static final long FLOOD = -1;

    /** Below this fraction of its bucket, a code is under pressure and its clients' shares count. */
    public static final double PRESSURE = 0.9;
    /** Below this fraction of its share, a client is flooding the code. */
    public static final double FLOODING = 0.5;
    /** Slots of the (code, client) pairs' table: 131,072, 2 MiB. */
    public static final long MAX_PAIRS = 1 << 17;

    private final RateLimiter perCode;
    private final LocalRateLimiter shares;

    /**
     * @param perCode the codes' limit (this process's own, or shared by the instances)
     * @param shareBurst the bucket of one client's share of a code under pressure, at least 1
     * @param sharePerSecond its refill, more than 0
     * @param nanoTime the monotonic time the shares are counted on
     */
    public FairShare(RateLimiter perCode, long shareBurst, double sharePerSecond, LongSupplier nanoTime) {
        this.perCode = Objects.requireNonNull(perCode, "perCode");
        this.shares = new LocalRateLimiter(shareBurst, sharePerSecond, nanoTime, MAX_PAIRS);
    }

    /**
     * Decides a scan of a known code by a client. Allocates nothing.
     *
     * @return 0 to answer it; {@link #FLOOD} to answer it and flag it; else the nanoseconds the
     *     client should wait (refused: the code is out of tokens and the client past its share)
     */
    public long admit(String codeId, String client) {
        long code = perCode.tryAcquireWatching(codeId, PRESSURE);
        if (code == 0) {
            return 0;
        }
        // under pressure (or out of tokens): only now is the pair looked at
        long share = shares.tryAcquireWatching(codeId, client, FLOODING);
        if (share == 0) {
            return 0;
        }
        if (code <= 0) {
            // flooding, while the code still has tokens: answered, flagged
            return FLOOD;
        }
        // flooding, and the code is out of tokens: the client waits for the code's next one
        return code;
    }

    /** Closes the codes' limit. */
    @Override
    public void close() {
        perCode.close();
    }
}
