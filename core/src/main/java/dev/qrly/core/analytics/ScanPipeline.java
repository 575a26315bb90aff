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
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The analytics path behind the scan queue: each batch is enriched, written to the analytics store
 * in one transaction, and counted for {@code maxScans}; the store's new totals of the counted codes
 * are then offered to the other instances ({@link LiveCounts}).
 *
 * <p>The enricher may still be starting (the user-agent parser takes seconds to load, and the
 * service does not wait for it): until it is ready, a batch waits here and the events behind it
 * wait in the queue.
 */
public final class ScanPipeline implements ScanSink {

    private static final Logger LOG = Logger.getLogger(ScanPipeline.class.getName());

    private final CompletableFuture<Enricher> enricher;
    private final AnalyticsStore store;
    private final ScanCounters counters;
    private final LiveCounts live;
    private final LongAdder humans = new LongAdder();
    private final LongAdder bots = new LongAdder();

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
        Enricher enrich = enricher.join();
        List<Scan> scans = new ArrayList<>(batch.size());
        Map<String, Long> humansByCode = new HashMap<>();
        int botCount = 0;
        for (ScanEvent event : batch) {
            Scan scan = enrich.enrich(event);
            scans.add(scan);
            if (scan.bot()) {
                botCount++;
            } else {
                humansByCode.merge(scan.codeId(), 1L, Long::sum);
            }
        }
        Set<String> counted = counters.recorded(() -> store.append(scans), humansByCode);
        bots.add(botCount);
        humans.add(scans.size() - botCount);
        if (!counted.isEmpty() && live != LiveCounts.NONE) {
            try {
                live.offer(store.humans(counted));
            } catch (RuntimeException e) {
                // the batch is written; the other instances read the store at their next refresh
                LOG.log(Level.FINE, "the new counts of " + counted.size() + " codes were not offered", e);
            }
        }
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
