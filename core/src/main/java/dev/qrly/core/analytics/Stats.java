package dev.qrly.core.analytics;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * The answer of a stats query: totals, a series in the caller's time zone, and breakdowns.
 *
 * @param series one bucket for every hour or day of the range, empty ones included
 * @param breakdowns by dimension; each map ordered by count, largest first
 */
public record Stats(long total, long humans, long bots, long uniqueHumans, List<Bucket> series,
        Map<Dimension, Map<String, Long>> breakdowns) {

    /** @param t the bucket's start in the caller's zone, with that zone's offset at that time */
    public record Bucket(OffsetDateTime t, long humans, long bots) {}
}
