package dev.qrly.core.analytics;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Live human-scan counts of the codes that have a {@code maxScans}, for the redirect to read
 * without I/O.
 *
 * <p>A code's count is read from the store once ({@link #track}, when its route is loaded) and then
 * moved on by every batch the analytics path writes ({@link #recorded}). Both take one lock, so a
 * batch is counted exactly once: either it was in the store when the count was read, or it is added
 * after. Scans reach the count when their batch is written, so a code may answer a few more
 * redirects than its {@code maxScans} within one flush interval; bots never count.
 *
 * <p>When several instances share a store, each writes only its own scans; {@link #refresh}, run
 * every second or so (a quarter of a second with {@link LiveCounts} on Redis), reads the tracked
 * codes' counts again, under the same lock, so that every instance's scans count everywhere within
 * that time. A count only grows: every count read is a total the store had at some moment, and the
 * local count never exceeds the store's, so the larger of the two is kept.
 */
public final class ScanCounters {

    private final Map<String, AtomicLong> humans = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();

    /** The code's human scans so far, or 0 if it is not tracked. No I/O, no lock. */
    public long humans(String codeId) {
        AtomicLong count = humans.get(codeId);
        return count == null ? 0 : count.get();
    }

    /** Starts counting a code, from {@code stored} (a store read) unless it is counted already. */
    public void track(String codeId, LongSupplier stored) {
        if (humans.containsKey(codeId)) {
            return;
        }
        lock.lock();
        try {
            if (!humans.containsKey(codeId)) {
                humans.put(codeId, new AtomicLong(stored.getAsLong()));
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads every tracked code's count again, in one read ({@code stored}: the counts of the codes
     * that have any, from the store or its live copies), under the lock, so that no batch of this
     * instance is counted twice or not at all; a count read lower than the one held is ignored.
     *
     * @return how many codes were read
     */
    public int refresh(Function<Set<String>, Map<String, Long>> stored) {
        lock.lock();
        try {
            if (humans.isEmpty()) {
                return 0;
            }
            Map<String, Long> counts = stored.apply(Set.copyOf(humans.keySet()));
            humans.forEach((code, count) -> count.accumulateAndGet(counts.getOrDefault(code, 0L), Math::max));
            return humans.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code write} (which stores a batch) and then adds the batch's human scans to the tracked codes.
     *
     * @return the tracked codes the batch had human scans of
     */
    public Set<String> recorded(Runnable write, Map<String, Long> humansByCode) {
        Set<String> counted = new HashSet<>();
        lock.lock();
        try {
            write.run();
            humansByCode.forEach((code, count) -> {
                AtomicLong tracked = humans.get(code);
                if (tracked != null) {
                    tracked.addAndGet(count);
                    counted.add(code);
                }
            });
        } finally {
            lock.unlock();
        }
        return counted;
    }
}
