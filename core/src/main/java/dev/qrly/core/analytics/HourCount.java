package dev.qrly.core.analytics;

/**
 * Scans in one UTC hour.
 *
 * @param hour hours since the epoch
 */
public record HourCount(long hour, long humans, long bots) {}
