package dev.qrly.core.analytics;

import dev.qrly.core.scan.ScanEvent;
import dev.qrly.core.scan.ScanSink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The analytics path behind the scan queue: each batch is enriched, written to the analytics store
 * in one transaction, and counted for {@code maxScans}; the store's new totals of the counted codes
 * are then offered to the other instances ({@link LiveCounts}).
 *
 * <p>The enricher may still be starting (the user-agent parser takes seconds to load, and the
 * service does not wait for it): until it is ready, each batch is kept as it came
 * ({@link AnalyticsStore#keepUnenriched}), so that the queue keeps draining and no answered scan
 * is dropped however long the parser takes; once it is ready, {@link #enrichKept} moves the kept
 * scans into the analytics tables, in time order, a page a call. A parser that failed to load
 * leaves every scan kept, for the next start to enrich.
 *
 * <p>{@link #write} and {@link #enrichKept} take one lock, so that a batch kept just as the parser
 * became ready is seen by the next {@link #enrichKept}. On a shared store, any instance whose
 * parser is ready moves any instance's kept scans; the store moves each once.
 */
public final class ScanPipeline implements ScanSink {

    private static final Logger LOG = Logger.getLogger(ScanPipeline.class.getName());

    private final CompletableFuture<Enricher> enricher;
    private final AnalyticsStore store;
    private final ScanCounters counters;
    private final LiveCounts live;
    private final LongAdder humans = new LongAdder();
    private final LongAdder bots = new LongAdder();
    private final LongAdder kept = new LongAdder();
    private final LongAdder enrichedFromKept = new LongAdder();
    private final ReentrantLock lock = new ReentrantLock();

    public ScanPipeline(CompletableFuture<Enricher> enricher, AnalyticsStore store, ScanCounters counters) {
        this(enricher, store, counters, LiveCounts.NONE);
    }

    public ScanPipeline(CompletableFuture<Enricher> enricher, AnalyticsStore store, ScanCounters counters, LiveCounts live) {
        this.live = Objects.requireNonNull(live, "live");
        this.enricher = Objects.requireNonNull(enricher, "enricher");
        this.store = Objects.requireNonNull(store, "store");
        this.counters = Objects.requireNonNull(counters, "counters");
    }

    /** Whether the enricher is ready, for readiness reports. */
    public boolean ready() {
        return enricher.isDone() && !enricher.isCompletedExceptionally();
    }

    @Override
    public void write(List<ScanEvent> batch) {
        lock.lock();
        try {
            if (!ready()) {
                store.keepUnenriched(batch);
                kept.add(batch.size());
                return;
            }
            Enricher enrich = enricher.join();
            List<Scan> scans = new ArrayList<>(batch.size());
            for (ScanEvent event : batch) {
                scans.add(enrich.enrich(event));
            }
            record(() -> {
                store.append(scans);
                return scans;
            });
        } finally {
            lock.unlock();
        }
    }

    /**
     * Enriches up to {@code limit} of the oldest kept scans into the analytics tables, in the
     * transaction that deletes them; does nothing until the enricher is ready.
     *
     * @return whether kept scans may remain (a full page was read: call again), false once none is left or the
     *     enricher is not ready
     */
    public boolean enrichKept(int limit) {
        if (!ready()) {
            return false;
        }
        lock.lock();
        try {
            List<ScanEvent> events = store.unenriched(limit);
            if (events.isEmpty()) {
                return false;
            }
            Enricher enrich = enricher.join();
            List<Scan> scans = new ArrayList<>(events.size());
            for (ScanEvent event : events) {
                scans.add(enrich.enrich(event));
            }
            enrichedFromKept.add(record(() -> store.appendUnenriched(scans)));
            return events.size() == limit;
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code write}, then counts what it wrote for {@code maxScans} and offers the new totals; returns how many it wrote. */
    private long record(Supplier<List<Scan>> write) {
        Map<String, Long> humansByCode = new HashMap<>();
        long[] botCount = new long[1];
        long[] written = new long[1];
        Set<String> counted = counters.recorded(() -> {
            for (Scan scan : write.get()) {
                written[0]++;
                if (scan.bot()) {
                    botCount[0]++;
                } else {
                    humansByCode.merge(scan.codeId(), 1L, Long::sum);
                }
            }
        }, humansByCode);
        bots.add(botCount[0]);
        humans.add(written[0] - botCount[0]);
        if (!counted.isEmpty() && live != LiveCounts.NONE) {
            try {
                live.offer(store.humans(counted));
            } catch (RuntimeException e) {
                // the batch is written; the other instances read the store at their next refresh
                LOG.log(Level.FINE, "the new counts of " + counted.size() + " codes were not offered", e);
            }
        }
        return written[0];
    }

    /** Scans kept unenriched since start, while the enricher was not ready. */
    public long kept() {
        return kept.sum();
    }

    /** Kept scans (of this run, an earlier one or another instance) enriched since start. */
    public long enrichedFromKept() {
        return enrichedFromKept.sum();
    }

    /** Human scans written since start. */
    public long humans() {
        return humans.sum();
    }

    /** Bot scans written since start. */
    public long bots() {
        return bots.sum();
    }
}
