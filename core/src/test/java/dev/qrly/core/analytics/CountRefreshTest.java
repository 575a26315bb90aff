package dev.qrly.core.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Where the maxScans counts of a shared store come from: the live counts, the store for what they lack, the store alone while they are down. */
class CountRefreshTest {

    /** The store's totals, and every set of codes it was asked for. */
    private final Map<String, Long> stored = new HashMap<>();
    private final List<Set<String>> storeReads = new ArrayList<>();
    private final AnalyticsStore store = (AnalyticsStore) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {AnalyticsStore.class}, (proxy, method, args) -> {
                if (method.getName().equals("humans") && args[0] instanceof Collection<?> codes) {
                    storeReads.add(new TreeSet<>(codes.stream().map(String.class::cast).toList()));
                    Map<String, Long> counts = new HashMap<>();
                    codes.forEach(code -> {
                        if (stored.getOrDefault((String) code, 0L) > 0) {
                            counts.put((String) code, stored.get(code));
                        }
                    });
                    return counts;
                }
                throw new UnsupportedOperationException(method.getName());
            });

    /** Live counts kept as a map, which keep the larger value like Redis's script; or down. */
    private final class Live implements LiveCounts {
        final Map<String, Long> kept = new HashMap<>();
        boolean down;

        @Override
        public void offer(Map<String, Long> humansByCode) {
            if (!down) {
                humansByCode.forEach((code, count) -> kept.merge(code, count, Math::max));
            }
        }

        @Override
        public Map<String, Long> read(Collection<String> codeIds) {
            if (down) {
                throw new IllegalStateException("Redis is down");
            }
            Map<String, Long> counts = new HashMap<>();
            codeIds.forEach(code -> {
                if (kept.containsKey(code)) {
                    counts.put(code, kept.get(code));
                }
            });
            return counts;
        }
    }

    private final Live live = new Live();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final ScanCounters counters = new ScanCounters();
    private final CountRefresh refresh = new CountRefresh(counters, store, live, nanos::get);

    @Test
    void liveCountsHoldEveryCode_theStoreIsNotRead() {
        counters.track("A", () -> 1);
        counters.track("B", () -> 0);
        live.offer(Map.of("A", 6L, "B", 2L));

        refresh.run();

        assertEquals(6, counters.humans("A"));
        assertEquals(2, counters.humans("B"));
        assertEquals(List.of(), storeReads);
    }

    @Test
    void codesTheLiveCountsLack_areReadFromTheStore_andOfferedToThem_zeroesToo() {
        counters.track("A", () -> 0);
        counters.track("B", () -> 0);
        live.offer(Map.of("A", 6L));
        stored.put("B", 4L);
        stored.put("C", 0L);
        counters.track("C", () -> 0);

        refresh.run();

        assertEquals(4, counters.humans("B"));
        assertEquals(List.of(new TreeSet<>(Set.of("B", "C"))), storeReads);
        assertEquals(Map.of("A", 6L, "B", 4L, "C", 0L), live.kept, "the next refresh, here or elsewhere, needs no store read");
        refresh.run();
        assertEquals(1, storeReads.size());
    }

    @Test
    void aLiveCountBehindThisInstancesOwn_doesNotLowerIt() {
        counters.track("A", () -> 5);
        counters.recorded(() -> stored.put("A", 8L), Map.of("A", 3L)); // written here, not yet offered
        live.offer(Map.of("A", 5L));

        refresh.run();

        assertEquals(8, counters.humans("A"));
    }

    @Test
    void liveCountsDown_theStoreIsReadAtMostOnceASecond() {
        counters.track("A", () -> 0);
        live.down = true;
        stored.put("A", 3L);

        refresh.run();
        assertEquals(3, counters.humans("A"));
        stored.put("A", 7L);
        nanos.addAndGet(400_000_000L);
        refresh.run();
        assertEquals(3, counters.humans("A"), "a quarter of a second later: the counts held stand");
        nanos.addAndGet(700_000_000L);
        refresh.run();

        assertEquals(7, counters.humans("A"));
        assertEquals(2, storeReads.size());
    }
}
