package dev.qrly.core.analytics;

import java.util.Collection;
import java.util.Map;

/**
 * Port: the human-scan counts of codes with a {@code maxScans}, shared by every instance of a
 * deployment (Redis, in scale-out mode), so that each learns the others' scans within a fraction
 * of a second without asking the store.
 *
 * <p>Counts are copies of the store's totals, not counters of their own: an instance offers the
 * totals it has just read from the store after writing a batch, and a copy only ever grows (the
 * larger of what is there and what is offered wins). So copies offered out of order, twice, or by
 * instances that read the store at different moments never make a count wrong, only late; and a
 * count that is missing (never offered, expired, Redis emptied) is read from the store again.
 */
public interface LiveCounts {

    /** One instance alone: nothing is shared, counts come from the store. */
    LiveCounts NONE = new LiveCounts() {
        @Override
        public void offer(Map<String, Long> humansByCode) {
            // nobody to tell
        }

        @Override
        public Map<String, Long> read(Collection<String> codeIds) {
            return Map.of();
        }
    };

    /**
     * Offers the store's totals of these codes (human scans since each was made); a count lower
     * than the one already kept is ignored. Never blocks for long; never throws.
     */
    void offer(Map<String, Long> humansByCode);

    /**
     * The kept count of each of these codes that has one; codes without are left out.
     *
     * @throws RuntimeException when the counts cannot be read (read the store instead)
     */
    Map<String, Long> read(Collection<String> codeIds);
}
