package dev.qrly.server;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * The counters {@code /metrics} shows, in Prometheus text format. Written for the redirect path:
 * recording is a {@link LongAdder} increment or one atomic add in a fixed bucket array, no lock,
 * no allocation.
 */
final class Metrics {

    /** Upper bounds of the latency buckets, in seconds. */
    private static final double[] BUCKETS = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1};

    final LongAdder redirects = new LongAdder();
    final LongAdder gone = new LongAdder();
    final LongAdder notFound = new LongAdder();
    final LongAdder rateLimited = new LongAdder();
    final LongAdder floodScans = new LongAdder();
    final LongAdder apiRequests = new LongAdder();
    final LongAdder apiErrors = new LongAdder();
    final LongAdder imagesServed = new LongAdder();
    /** How late the event loops' own timers fire: what a loop busy with something else makes every request wait. */
    final LoopLateness loopLateness = new LoopLateness();

    private final AtomicLongArray latencyBuckets = new AtomicLongArray(BUCKETS.length + 1);
    private final LongAdder latencyCount = new LongAdder();
    private final LongAdder latencyNanos = new LongAdder();

    /** Records how long answering one scan took. */
    void scanLatency(long nanos) {
        double seconds = nanos / 1e9;
        int i = 0;
        while (i < BUCKETS.length && seconds > BUCKETS[i]) {
            i++;
        }
        latencyBuckets.incrementAndGet(i);
        latencyCount.increment();
        latencyNanos.add(nanos);
    }

    /** Gauges computed at scrape time. */
    record Gauges(DoubleSupplier queueDepth, DoubleSupplier eventsDropped, DoubleSupplier eventsWritten,
            DoubleSupplier cacheHitRatio, DoubleSupplier cacheHits, DoubleSupplier cacheMisses, DoubleSupplier humanScans,
            DoubleSupplier botScans, DoubleSupplier enricherReady, DoubleSupplier keptUnenriched, DoubleSupplier enrichedFromKept,
            DoubleSupplier eventsSpooled, DoubleSupplier eventsReplayed, DoubleSupplier spoolBytes, DoubleSupplier spoolSegments) {}

    String render(Gauges gauges) {
        StringBuilder out = new StringBuilder(2048);
        counter(out, "qrly_redirects_total", "Scans answered with a redirect.", redirects.sum());
        counter(out, "qrly_scans_gone_total", "Scans of deactivated, deleted or expired codes (410).", gone.sum());
        counter(out, "qrly_scans_not_found_total", "Requests on the redirect route for unknown slugs (404).", notFound.sum());
        counter(out, "qrly_rate_limited_total", "Requests refused with 429.", rateLimited.sum());
        counter(out, "qrly_flood_scans_total", "Scans answered but flagged: their client was flooding.", floodScans.sum());
        counter(out, "qrly_api_requests_total", "API requests.", apiRequests.sum());
        counter(out, "qrly_api_errors_total", "API requests answered with an error.", apiErrors.sum());
        counter(out, "qrly_images_served_total", "Images served.", imagesServed.sum());
        out.append("# HELP qrly_scan_duration_seconds Time to answer a scan, in the server.\n")
                .append("# TYPE qrly_scan_duration_seconds histogram\n");
        long cumulative = 0;
        for (int i = 0; i < BUCKETS.length; i++) {
            cumulative += latencyBuckets.get(i);
            out.append("qrly_scan_duration_seconds_bucket{le=\"").append(BUCKETS[i]).append("\"} ").append(cumulative).append('\n');
        }
        cumulative += latencyBuckets.get(BUCKETS.length);
        out.append("qrly_scan_duration_seconds_bucket{le=\"+Inf\"} ").append(cumulative).append('\n');
        out.append("qrly_scan_duration_seconds_sum ").append(String.format(Locale.ROOT, "%.9f", latencyNanos.sum() / 1e9)).append('\n');
        out.append("qrly_scan_duration_seconds_count ").append(latencyCount.sum()).append('\n');
        gauge(out, "qrly_scan_queue_depth", "Scan events waiting to be written.", gauges.queueDepth().getAsDouble());
        counter(out, "qrly_scan_events_dropped_total", "Scan events dropped: the queue was full and the spool off, full or on a full disk.", (long) gauges.eventsDropped().getAsDouble());
        counter(out, "qrly_scan_events_written_total", "Scan events written to the store.", (long) gauges.eventsWritten().getAsDouble());
        counter(out, "qrly_scan_events_spooled_total", "Scan events that found the queue full and were appended to the spool on disk.",
                (long) gauges.eventsSpooled().getAsDouble());
        counter(out, "qrly_scan_events_replayed_total", "Spooled scan events (of this run or an earlier one) written to the store.",
                (long) gauges.eventsReplayed().getAsDouble());
        gauge(out, "qrly_scan_spool_bytes", "Bytes the scan spool takes on disk (QR_SCAN_SPOOL_MB caps it).", gauges.spoolBytes().getAsDouble());
        gauge(out, "qrly_scan_spool_segments", "Segment files of the scan spool on disk.", gauges.spoolSegments().getAsDouble());
        gauge(out, "qrly_route_cache_hit_ratio", "Share of redirect lookups answered from memory.", gauges.cacheHitRatio().getAsDouble());
        counter(out, "qrly_route_cache_hits_total", "Redirect lookups answered from memory.", (long) gauges.cacheHits().getAsDouble());
        counter(out, "qrly_route_cache_misses_total", "Redirect lookups that read the store.", (long) gauges.cacheMisses().getAsDouble());
        counter(out, "qrly_scans_human_total", "Scans recorded as people's, after enrichment.", (long) gauges.humanScans().getAsDouble());
        counter(out, "qrly_scans_bot_total", "Scans recorded as bots' or link previews', after enrichment.",
                (long) gauges.botScans().getAsDouble());
        gauge(out, "qrly_enrichment_ready", "1 once the user-agent parser has loaded; scans are kept unenriched until then.",
                gauges.enricherReady().getAsDouble());
        counter(out, "qrly_scans_kept_unenriched_total", "Scans stored unenriched while the user-agent parser loaded.",
                (long) gauges.keptUnenriched().getAsDouble());
        counter(out, "qrly_scans_enriched_from_kept_total",
                "Kept scans (of this run, an earlier one or another instance) enriched into the analytics since start.",
                (long) gauges.enrichedFromKept().getAsDouble());
        return out.toString();
    }

    /** The connection gauges and the guards' refusals. */
    String renderConnections(ConnectionGuard.Counts counts) {
        StringBuilder out = new StringBuilder(1024);
        gauge(out, "qrly_connections_open", "HTTP connections open.", counts.open.get());
        gauge(out, "qrly_connections_max", "The most HTTP connections open at once (QR_MAX_CONNECTIONS).", counts.max);
        counter(out, "qrly_connections_refused_total", "Connections closed at once: over QR_MAX_CONNECTIONS.",
                counts.refusedOverTotal.sum());
        counter(out, "qrly_connections_refused_client_total", "Connections closed at once: over QR_MAX_CONNECTIONS_PER_CLIENT.",
                counts.refusedOverClient.sum());
        counter(out, "qrly_connections_header_timeouts_total", "Connections closed for not sending a request's headers in time.",
                counts.headerTimeouts.sum());
        counter(out, "qrly_connections_request_timeouts_total", "Requests cut for not sending their body in time (408).",
                counts.requestTimeouts.sum());
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" counter\n").append(name).append(' ').append(value).append('\n');
    }

    private static void gauge(StringBuilder out, String name, String help, double value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" gauge\n").append(name).append(' ')
                .append(String.format(Locale.ROOT, "%.6f", Double.isNaN(value) ? 0 : value)).append('\n');
    }
}
