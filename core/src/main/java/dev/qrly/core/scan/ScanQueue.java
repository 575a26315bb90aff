package dev.qrly.core.scan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Carries scan events from the redirect to the analytics path without ever holding up a redirect.
 *
 * <p>{@link #offer} is one non-blocking insert into a bounded queue; when the queue is full the
 * event is dropped and counted, and the redirect goes on. One writer thread wakes every
 * {@code flushInterval}, drains the queue in batches of up to {@code batchSize} and writes each
 * batch in one transaction. It sleeps rather than waiting on the queue, so that an offer never
 * wakes it: under load, a wake-up per event cost the redirect more than the enqueue itself
 * (docs/BENCHMARKS.md). A batch that fails to write is retried with a growing pause (the queue
 * fills, and then drops, meanwhile): events are not lost to a short store outage.
 *
 * <p>With a {@link ScanSpool}, an event that finds the queue full is handed to the spool (one more
 * non-blocking insert) and appended to disk by the spool's thread; it is dropped only when the
 * spool cannot take it either (its cap, a full disk). The writer reads the spool back, a batch at a
 * time in spool order, whenever a drain leaves the queue less than half full, so live events are
 * never held back by spooled ones: a spooled scan reaches the store after scans that came later
 * (stats go by a scan's own time, so they are the same once it is written).
 *
 * <p>{@link #close} stops taking events and writes every queued one before returning, which is
 * what a SIGTERM shutdown relies on. With a spool, what is not written within the stop's budget
 * (a slow or failing store) is appended to the spool for the next start instead ({@link
 * #spilledAtStop}); without one, or when the spool cannot take them either, the writer retries for
 * some seconds, then gives up on every queued event and counts them ({@link #unwritten}). A crash
 * loses at most what was queued: the events of the last flush interval.
 */
public final class ScanQueue implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ScanQueue.class.getName());

    private final BlockingQueue<ScanEvent> queue;
    private final ScanSink sink;
    private final int batchSize;
    private final long flushNanos;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final LongAdder writeFailures = new LongAdder();
    private final LongAdder unwritten = new LongAdder();
    /** Set when a batch is given up at shutdown: the rest are given up at once, not each after its own retries. */
    private volatile boolean givenUp;
    private volatile String lastFailure = "";
    private final LongAdder spilledAtStop = new LongAdder();
    private final Thread writer;
    private final ScanSpool spool;
    private final int capacity;
    private final long stopBudgetNanos;
    private volatile boolean closing;
    /** When a stop must hand what is left to the spool (System.nanoTime); set by close() before {@code closing}. */
    private volatile long stopDeadline;

    /** A queue without a spool: an event that finds it full is dropped. */
    public ScanQueue(ScanSink sink, int capacity, int batchSize, Duration flushInterval) {
        this(sink, capacity, batchSize, flushInterval, null, Duration.ZERO);
    }

    /**
     * A queue that hands what does not fit to {@code spool}, and reads the spool back into the sink.
     *
     * @param sink where batches are written; not null
     * @param capacity events held in memory, at least 1
     * @param batchSize the most events a write, at least 1
     * @param flushInterval the longest an event waits in the queue before a write
     * @param spool the overflow log, closed by {@link #close}; or null for none
     * @param stopBudget how long {@link #close} writes before it hands the rest to the spool (ignored without one)
     * @throws IllegalArgumentException if a size is below 1
     */
    public ScanQueue(ScanSink sink, int capacity, int batchSize, Duration flushInterval, ScanSpool spool, Duration stopBudget) {
        this.sink = Objects.requireNonNull(sink, "sink");
        if (capacity < 1 || batchSize < 1) {
            throw new IllegalArgumentException("capacity and batch size must be at least 1, not " + capacity + " and " + batchSize);
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.capacity = capacity;
        this.batchSize = batchSize;
        this.flushNanos = flushInterval.toNanos();
        this.spool = spool;
        this.stopBudgetNanos = stopBudget.toNanos();
        this.writer = Thread.ofPlatform().name("scan-writer").daemon(true).unstarted(this::drainLoop);
        this.writer.start();
    }

    /**
     * Queues an event, or hands it to the spool when the queue is full; never blocks, does no I/O.
     * Returns false, and counts a drop, when neither takes it or the queue is closed.
     */
    public boolean offer(ScanEvent event) {
        if (!closing) {
            if (queue.offer(event)) {
                accepted.increment();
                return true;
            }
            if (spool != null && spool.offer(event)) {
                return true;
            }
        }
        dropped.increment();
        return false;
    }

    /** The spool, or null without one: for its metrics. */
    public ScanSpool spool() {
        return spool;
    }

    /** Events appended to the spool since start (0 without one). */
    public long spooled() {
        return spool == null ? 0 : spool.spooled();
    }

    /** Spooled events, of this run or an earlier one, written to the sink since start (0 without a spool). */
    public long replayed() {
        return spool == null ? 0 : spool.replayed();
    }

    /** Bytes the spool takes on disk (0 without one). */
    public long spoolBytes() {
        return spool == null ? 0 : spool.bytes();
    }

    /** Segment files of the spool on disk (0 without one). */
    public int spoolSegments() {
        return spool == null ? 0 : spool.segments();
    }

    /** Events a stop had no time (or no store) to write and appended to the spool for the next start. */
    public long spilledAtStop() {
        return spilledAtStop.sum();
    }

    public int depth() {
        return queue.size();
    }

    public long accepted() {
        return accepted.sum();
    }

    /** Events lost since start: the queue was full and the spool off or unable to take them, or the queue was closed. */
    public long dropped() {
        return dropped.sum() + (spool == null ? 0 : spool.dropped());
    }

    public long written() {
        return written.sum();
    }

    public long writeFailures() {
        return writeFailures.sum();
    }

    /** Events accepted but never written: given up at shutdown because the store kept failing (a full disk, say). */
    public long unwritten() {
        return unwritten.sum();
    }

    /** The message of the last failed write, or empty: what a stop that gave up reports, the log being closed by then. */
    public String lastFailure() {
        return lastFailure;
    }

    private void drainLoop() {
        List<ScanEvent> batch = new ArrayList<>(batchSize);
        while (true) {
            if (closing && spool != null && System.nanoTime() - stopDeadline > 0) {
                spill(batch);
                return;
            }
            int drained = queue.drainTo(batch, batchSize);
            if (drained > 0) {
                if (!writeWithRetry(batch)) {
                    spill(batch);
                    return;
                }
                written.add(batch.size());
                batch.clear();
                if (drained == batchSize) {
                    continue; // more are waiting
                }
            }
            if (closing) {
                if (queue.isEmpty()) {
                    return;
                }
                continue;
            }
            if (spool != null && queue.size() < Math.max(1, capacity / 2) && replay()) {
                continue;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(flushNanos);
            } catch (InterruptedException e) {
                // close() cuts the sleep short; the loop drains what is left and ends
            }
        }
    }

    /** Writes the spool's next batch, if it has one; false when it had none (or a stop cut the write short: it stays spooled). */
    private boolean replay() {
        List<ScanEvent> events = spool.read(batchSize);
        if (events.isEmpty()) {
            return false;
        }
        if (!writeWithRetry(events)) {
            return false; // stopping with a failing store: the batch stays in the spool, the stop spills the queue
        }
        written.add(events.size());
        spool.commit();
        return true;
    }

    /**
     * At a stop: {@code batch} and whatever is still queued go to the spool, or, when it cannot take
     * them (or there is none), are given up and counted as not written.
     */
    private void spill(List<ScanEvent> batch) {
        queue.drainTo(batch);
        int spooled = spool == null ? 0 : spool.append(batch);
        spilledAtStop.add(spooled);
        if (spooled < batch.size()) {
            unwritten.add(batch.size() - spooled);
            LOG.severe("giving up on " + (batch.size() - spooled) + " scan events at shutdown: the store keeps failing ("
                    + lastFailure + ")" + (spool == null ? "" : " and the spool cannot take them"));
        } else if (spooled > 0) {
            LOG.info(spooled + " scan events not written by the stop are spooled for the next start");
        }
        batch.clear();
    }

    /**
     * Writes {@code batch}, retrying with a growing pause while the store fails; true once written.
     * False only at a stop: with a spool, once its budget is spent; without one, after some seconds
     * of failures (or at once, after an earlier batch was given up), having counted the batch as not written.
     */
    private boolean writeWithRetry(List<ScanEvent> batch) {
        long pauseMillis = 50;
        while (true) {
            if (givenUp) {
                unwritten.add(batch.size());
                batch.clear();
                return true;
            }
            try {
                sink.write(batch);
                return true;
            } catch (RuntimeException e) {
                writeFailures.increment();
                lastFailure = String.valueOf(e.getMessage());
                LOG.log(Level.WARNING, "writing " + batch.size() + " scan events failed; retrying in " + pauseMillis + " ms: " + e);
                if (closing && spool != null && System.nanoTime() - stopDeadline + TimeUnit.MILLISECONDS.toNanos(pauseMillis) > 0) {
                    return false;
                }
                if (closing && spool == null && pauseMillis > 5_000) {
                    givenUp = true;
                    unwritten.add(batch.size());
                    LOG.severe("giving up on " + batch.size() + " scan events and the " + queue.size()
                            + " still queued at shutdown: the store keeps failing (" + e.getMessage() + ")");
                    batch.clear();
                    return true;
                }
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException interrupted) {
                    // keep retrying; close() waits for us
                }
                pauseMillis = Math.min(pauseMillis * 2, 10_000);
            }
        }
    }

    /**
     * Stops accepting events and returns once every queued event is written, spooled or given up
     * on; then closes the spool (what it holds is read back at the next start).
     */
    @Override
    public void close() {
        stopDeadline = System.nanoTime() + stopBudgetNanos;
        closing = true;
        writer.interrupt();
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (spool != null) {
            spool.close();
        }
    }
}
