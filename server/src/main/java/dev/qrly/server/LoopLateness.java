package dev.qrly.server;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * How late each event loop runs its own timer: a timer set {@value #PERIOD_MILLIS} ms ahead on the
 * loop, and at each firing the time past its due is recorded, then it is set again. A loop kept
 * busy (a long handler, blocking work that strayed onto it, a GC pause) makes every request queued
 * on it wait about as long; this is that wait, seen from inside. Recorded into fixed buckets, no
 * allocation; ten timers a second a loop cost nothing measurable.
 */
final class LoopLateness {

    static final long PERIOD_MILLIS = 100;
    private static final long PERIOD_NANOS = PERIOD_MILLIS * 1_000_000;
    /** Upper bounds of the buckets, in seconds. */
    private static final double[] BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

    private final AtomicLongArray buckets = new AtomicLongArray(BUCKETS.length + 1);
    private final LongAdder nanos = new LongAdder();
    private final AtomicLong max = new AtomicLong();

    /** Starts watching the event loop of the calling verticle's context; the timer stops with the Vert.x instance. */
    void watch(Vertx vertx) {
        new Handler<Long>() {
            private long due;

            void arm() {
                due = System.nanoTime() + PERIOD_NANOS;
                vertx.setTimer(PERIOD_MILLIS, this);
            }

            @Override
            public void handle(Long timer) {
                record(Math.max(0, System.nanoTime() - due));
                arm();
            }
        }.arm();
    }

    /** Records one firing that came {@code lateNanos} past its due. */
    void record(long lateNanos) {
        double seconds = lateNanos / 1e9;
        int i = 0;
        while (i < BUCKETS.length && seconds > BUCKETS[i]) {
            i++;
        }
        buckets.incrementAndGet(i);
        nanos.add(lateNanos);
        max.accumulateAndGet(lateNanos, Math::max);
    }

    /**
     * The histogram {@code qrly_event_loop_lateness_seconds}, its largest value since start, and
     * the upper bound of the bucket that holds its 99th percentile.
     */
    String render() {
        StringBuilder out = new StringBuilder(1024);
        out.append("# HELP qrly_event_loop_lateness_seconds How late the event loops ran a timer of their own, set every ")
                .append(PERIOD_MILLIS).append(" ms: how long work queued on a loop waited for it.\n")
                .append("# TYPE qrly_event_loop_lateness_seconds histogram\n");
        long total = 0;
        long[] counts = new long[BUCKETS.length + 1];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = buckets.get(i);
            total += counts[i];
        }
        long cumulative = 0;
        double p99 = 0;
        boolean p99Found = false;
        for (int i = 0; i < BUCKETS.length; i++) {
            cumulative += counts[i];
            out.append("qrly_event_loop_lateness_seconds_bucket{le=\"").append(BUCKETS[i]).append("\"} ").append(cumulative).append('\n');
            if (!p99Found && total > 0 && cumulative * 100 >= total * 99) {
                p99 = BUCKETS[i];
                p99Found = true;
            }
        }
        cumulative += counts[BUCKETS.length];
        if (!p99Found && total > 0) {
            p99 = max.get() / 1e9; // past the last bucket: the largest is the best bound there is
        }
        out.append("qrly_event_loop_lateness_seconds_bucket{le=\"+Inf\"} ").append(cumulative).append('\n');
        out.append("qrly_event_loop_lateness_seconds_sum ").append(String.format(Locale.ROOT, "%.9f", nanos.sum() / 1e9)).append('\n');
        out.append("qrly_event_loop_lateness_seconds_count ").append(cumulative).append('\n');
        out.append("# HELP qrly_event_loop_lateness_max_seconds The latest any event loop ran its timer since start.\n")
                .append("# TYPE qrly_event_loop_lateness_max_seconds gauge\n")
                .append("qrly_event_loop_lateness_max_seconds ").append(String.format(Locale.ROOT, "%.6f", max.get() / 1e9)).append('\n');
        out.append("# HELP qrly_event_loop_lateness_p99_seconds The upper bound of the histogram bucket holding the 99th percentile"
                        + " of the lateness since start.\n")
                .append("# TYPE qrly_event_loop_lateness_p99_seconds gauge\n")
                .append("qrly_event_loop_lateness_p99_seconds ").append(String.format(Locale.ROOT, "%.6f", p99)).append('\n');
        return out.toString();
    }
}
