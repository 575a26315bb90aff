package dev.qrly.core.analytics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Forgets what is only kept for a while: client addresses after the address retention window (30
 * days by default), raw scans after the raw retention period (2 years by default). Rollups, unique
 * counts and totals stay. The service runs it at start and then every hour.
 */
public final class Retention {

    /** What one run removed. */
    public record Result(long addressesForgotten, long scansDeleted) {}

    private final AnalyticsStore store;
    private final Clock clock;
    private final Duration addresses;
    private final Duration scans;

    public Retention(AnalyticsStore store, Clock clock, Duration addresses, Duration scans) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (addresses.isNegative() || addresses.isZero() || scans.compareTo(addresses) < 0) {
            throw new IllegalArgumentException("retention must be positive, and raw scans kept at least as long as addresses: "
                    + addresses + ", " + scans);
        }
        this.addresses = addresses;
        this.scans = scans;
    }

    public Result run() {
        Instant now = clock.instant();
        long deleted = store.purgeScans(now.minus(scans));
        long forgotten = store.purgeAddresses(now.minus(addresses));
        return new Result(forgotten, deleted);
    }
}
