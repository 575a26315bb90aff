package dev.qrly.core.analytics;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * An analytics store that holds nothing, for tests of the logic around a store (bucketing, cut-off
 * times) to override what they look at; the stores themselves have their own contract suite.
 */
class NoScans implements AnalyticsStore {

    @Override
    public void append(List<Scan> scans) {
        throw new UnsupportedOperationException("a test store stores nothing");
    }

    @Override
    public long humans(String codeId) {
        return 0;
    }

    @Override
    public Map<String, Totals> totals(String tenantId, Collection<String> codeIds) {
        return Map.of();
    }

    @Override
    public List<HourCount> hourly(ScanFilter filter) {
        return List.of();
    }

    @Override
    public Map<String, Long> breakdown(ScanFilter filter, Dimension dimension) {
        return Map.of();
    }

    @Override
    public long uniqueHumans(ScanFilter filter) {
        return 0;
    }

    @Override
    public List<Scan> scans(String tenantId, String codeId, Instant from, Instant to, ScanCursor after, int limit) {
        return List.of();
    }

    @Override
    public long purgeAddresses(Instant before) {
        return 0;
    }

    @Override
    public long purgeScans(Instant before) {
        return 0;
    }

    @Override
    public void keepUnenriched(List<dev.qrly.core.scan.ScanEvent> events) {
        throw new UnsupportedOperationException("a test store stores nothing");
    }

    @Override
    public List<dev.qrly.core.scan.ScanEvent> unenriched(int limit) {
        return List.of();
    }

    @Override
    public List<Scan> appendUnenriched(List<Scan> scans) {
        throw new UnsupportedOperationException("a test store stores nothing");
    }
}
