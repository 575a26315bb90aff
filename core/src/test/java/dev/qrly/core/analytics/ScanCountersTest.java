package dev.qrly.core.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ScanCountersTest {

    @Test
    void untracked_isZero_andBatchesOfUntrackedCodesAreNotKept() {
        ScanCounters counters = new ScanCounters();
        counters.recorded(() -> {}, Map.of("A", 5L));
        assertEquals(0, counters.humans("A"));
    }

    @Test
    void track_startsFromTheStore_thenBatchesAdd() {
        ScanCounters counters = new ScanCounters();
        counters.track("A", () -> 7);
        counters.recorded(() -> {}, Map.of("A", 2L, "B", 1L));
        assertEquals(9, counters.humans("A"));
        counters.track("A", () -> 1_000); // already tracked: the store is not read again
        assertEquals(9, counters.humans("A"));
    }

    /** A batch written before the count is read is in the store's number, and is not added again. */
    @Test
    void batchWrittenBeforeTracking_isCountedOnce() {
        AtomicLong stored = new AtomicLong(3);
        ScanCounters counters = new ScanCounters();
        counters.recorded(() -> stored.addAndGet(2), Map.of("A", 2L));
        counters.track("A", stored::get);
        assertEquals(5, counters.humans("A"));
        counters.recorded(() -> stored.addAndGet(1), Map.of("A", 1L));
        assertEquals(6, counters.humans("A"));
        assertEquals(stored.get(), counters.humans("A"));
    }

    /** Another instance's scans, in a shared store, reach this instance's counts at the next refresh. */
    @Test
    void refresh_takesTheStoresCountsOfTrackedCodesOnly() {
        Map<String, Long> stored = new java.util.HashMap<>(Map.of("A", 3L, "B", 10L));
        ScanCounters counters = new ScanCounters();
        counters.track("A", () -> stored.get("A"));
        stored.put("A", 8L); // another instance wrote 5 scans of A

        assertEquals(1, counters.refresh(codes -> {
            assertEquals(java.util.Set.of("A"), codes, "one read, of the tracked codes");
            return stored;
        }));

        assertEquals(8, counters.humans("A"));
        assertEquals(0, counters.humans("B"), "untracked codes stay untracked");
    }

    @Test
    void recorded_returnsTheTrackedCodesOfTheBatch() {
        ScanCounters counters = new ScanCounters();
        counters.track("A", () -> 0);

        assertEquals(java.util.Set.of("A"), counters.recorded(() -> {}, Map.of("A", 1L, "B", 4L)));
    }

    @Test
    void refresh_aCountLowerThanHeld_isIgnored() {
        ScanCounters counters = new ScanCounters();
        counters.track("A", () -> 9);

        counters.refresh(codes -> Map.of("A", 4L));

        assertEquals(9, counters.humans("A"), "counts only grow: 4 was read before this instance's last batch");
    }
}
