package dev.qrly.core.analytics;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Brings this instance's {@code maxScans} counts up to date with the other instances' scans, run
 * every so often when several instances share a store: from the live counts when they answer
 * (codes they do not hold are read from the store and offered to them), else from the store, at
 * most once every {@link #STORE_EVERY_NANOS}, so that a Redis outage does not turn each run into a
 * store query.
 */
public final class CountRefresh implements Runnable {

    private static final Logger LOG = Logger.getLogger(CountRefresh.class.getName());
    /** The least time between two reads of every tracked count from the store, when the live counts do not answer. */
    static final long STORE_EVERY_NANOS = 1_000_000_000L;

    private final ScanCounters counters;
    private final AnalyticsStore store;
    private final LiveCounts live;
    private final LongSupplier nanoTime;
    private long lastStoreRead = Long.MIN_VALUE;

    public CountRefresh(ScanCounters counters, AnalyticsStore store, LiveCounts live, LongSupplier nanoTime) {
        this.counters = Objects.requireNonNull(counters, "counters");
        this.store = Objects.requireNonNull(store, "store");
        this.live = Objects.requireNonNull(live, "live");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** One refresh; failures are logged, and the next run tries again. */
    @Override
    public void run() {
        try {
            counters.refresh(this::read);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "maxScans counts not refreshed (store unreachable); next try soon", e);
        }
    }

    private Map<String, Long> read(Set<String> codes) {
        Map<String, Long> counts;
        if (live == LiveCounts.NONE) {
            return fromStore(codes);
        }
        try {
            counts = new HashMap<>(live.read(codes));
        } catch (RuntimeException e) {
            return fromStore(codes);
        }
        Set<String> missing = new HashSet<>(codes);
        missing.removeAll(counts.keySet());
        if (!missing.isEmpty()) {
            Map<String, Long> stored = store.humans(missing);
            Map<String, Long> offered = new HashMap<>();
            missing.forEach(code -> offered.put(code, stored.getOrDefault(code, 0L)));
            live.offer(offered);
            counts.putAll(offered);
        }
        return counts;
    }

    /** The store's counts, or none if it was read less than a second ago (the counts held stand). */
    private Map<String, Long> fromStore(Set<String> codes) {
        long now = nanoTime.getAsLong();
        if (lastStoreRead != Long.MIN_VALUE && now - lastStoreRead < STORE_EVERY_NANOS) {
            return Map.of();
        }
        lastStoreRead = now;
        return store.humans(codes);
    }
}
