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
 * <p>{@link #close} stops taking events and writes every queued one before returning, which is
 * what a SIGTERM shutdown relies on; if the store still fails after some seconds of retries (a full
 * disk), it gives up on every queued event and counts them ({@link #unwritten}). A crash loses at
 * most what was queued: the events of the last flush interval.
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
    private final Thread writer;
    private volatile boolean closing;

    public ScanQueue(ScanSink sink, int capacity, int batchSize, Duration flushInterval) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batchSize = batchSize;
        this.flushNanos = flushInterval.toNanos();
        this.writer = Thread.ofPlatform().name("scan-writer").daemon(true).unstarted(this::drainLoop);
        this.writer.start();
    }

    /** Queues an event; never blocks. Returns false, and counts a drop, when the queue is full or closed. */
    public boolean offer(ScanEvent event) {
        if (!closing && queue.offer(event)) {
            accepted.increment();
            return true;
        }
        dropped.increment();
        return false;
    }

    public int depth() {
        return queue.size();
    }

    public long accepted() {
        return accepted.sum();
    }

    public long dropped() {
        return dropped.sum();
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
            int drained = queue.drainTo(batch, batchSize);
            if (drained > 0) {
                writeWithRetry(batch);
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
            try {
                TimeUnit.NANOSECONDS.sleep(flushNanos);
            } catch (InterruptedException e) {
                // close() cuts the sleep short; the loop drains what is left and ends
            }
        }
    }

    private void writeWithRetry(List<ScanEvent> batch) {
        long pauseMillis = 50;
        while (true) {
            if (givenUp) {
                unwritten.add(batch.size());
                return;
            }
            try {
                sink.write(batch);
                written.add(batch.size());
                return;
            } catch (RuntimeException e) {
                writeFailures.increment();
                lastFailure = String.valueOf(e.getMessage());
                LOG.log(Level.WARNING, "writing " + batch.size() + " scan events failed; retrying in " + pauseMillis + " ms: " + e);
                if (closing && pauseMillis > 5_000) {
                    givenUp = true;
                    unwritten.add(batch.size());
                    LOG.severe("giving up on " + batch.size() + " scan events and the " + queue.size()
                            + " still queued at shutdown: the store keeps failing (" + e.getMessage() + ")");
                    return;
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

    /** Stops accepting events and returns once every queued event is written (or the store gave up). */
    @Override
    public void close() {
        closing = true;
        writer.interrupt();
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
