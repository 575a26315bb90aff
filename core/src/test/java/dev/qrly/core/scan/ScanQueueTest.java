package dev.qrly.core.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ScanQueueTest {

    /** Records what it is given; can be made to fail or to block. */
    static final class RecordingStore implements ScanSink {
        final List<ScanEvent> stored = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger failuresLeft = new AtomicInteger();
        volatile CountDownLatch gate = new CountDownLatch(0);

        @Override
        public void write(List<ScanEvent> events) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("store down");
            }
            stored.addAll(events);
        }
    }

    private static ScanEvent event(int i) {
        Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
        UUID id = UuidV7.next(clock, new Random(i));
        return new ScanEvent(id, "CODE" + i, "t", clock.instant(), "127.0.0.1", null, null, null, ScanSource.QR, false, false,
                ScanEvent.Outcome.REDIRECTED, null);
    }

    @Test
    void close_writesEveryQueuedEvent() {
        RecordingStore store = new RecordingStore();
        ScanQueue queue = new ScanQueue(store, 100_000, 500, Duration.ofSeconds(10));
        for (int i = 0; i < 20_000; i++) {
            assertTrue(queue.offer(event(i)));
        }
        queue.close();
        assertEquals(20_000, store.stored.size());
        assertEquals(20_000, queue.written());
        assertFalse(queue.offer(event(-1)), "closed: refused and counted");
        assertEquals(1, queue.dropped());
    }

    @Test
    void offer_fullQueue_dropsAndCountsWithoutBlocking() {
        RecordingStore store = new RecordingStore();
        store.gate = new CountDownLatch(1); // the writer is stuck
        ScanQueue queue = new ScanQueue(store, 1_000, 100, Duration.ofMillis(1));
        int accepted = 0;
        for (int i = 0; i < 5_000; i++) {
            accepted += queue.offer(event(i)) ? 1 : 0;
        }
        assertTrue(accepted <= 1_100, "accepted " + accepted);
        assertEquals(5_000 - accepted, queue.dropped());
        store.gate.countDown();
        queue.close();
        assertEquals(accepted, store.stored.size());
    }

    @Test
    void writeFailure_isRetriedAndNothingIsLost() {
        RecordingStore store = new RecordingStore();
        store.failuresLeft.set(3);
        ScanQueue queue = new ScanQueue(store, 10_000, 100, Duration.ofMillis(5));
        for (int i = 0; i < 1_000; i++) {
            queue.offer(event(i));
        }
        queue.close();
        assertEquals(1_000, store.stored.size());
        assertEquals(3, queue.writeFailures());
    }

    /** A full disk at shutdown: the stop gives up after its retries, on every queued event, and counts them all. */
    @Test
    void close_storeKeepsFailing_givesUpOnEveryQueuedEvent_andCountsThem() {
        RecordingStore store = new RecordingStore();
        store.failuresLeft.set(Integer.MAX_VALUE);
        ScanQueue queue = new ScanQueue(store, 10_000, 100, Duration.ofMillis(5));
        for (int i = 0; i < 1_000; i++) {
            queue.offer(event(i));
        }
        queue.close();
        assertEquals(0, store.stored.size());
        assertEquals(0, queue.written());
        assertEquals(1_000, queue.unwritten(), "every accepted event is counted as not written");
        assertEquals(0, queue.dropped());
    }

    @Test
    void uuidV7_isVersion7AndTimeOrdered() {
        Clock early = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
        Clock late = Clock.fixed(Instant.parse("2026-11-22T10:00:01Z"), ZoneOffset.UTC);
        UUID a = UuidV7.next(early, new Random(1));
        UUID b = UuidV7.next(late, new Random(2));
        assertEquals(7, a.version());
        assertEquals(2, a.variant());
        assertTrue(a.toString().compareTo(b.toString()) < 0);
        assertEquals(early.millis(), a.getMostSignificantBits() >>> 16);
    }
}
