package dev.qrly.core.analytics;

import dev.qrly.core.scan.ScanEvent;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Port: where enriched scans are kept and counted. Raw scans are kept for the raw retention
 * period, their client addresses only for the address retention window; hourly rollups (by code,
 * hour, source, device, OS, browser, bot, country, city and referrer), unique scanners per code
 * and UTC day, and each code's totals are kept for as long as the code.
 *
 * <p>Every read takes a {@link ScanFilter} or a tenant and filters by it: another tenant's code
 * counts nothing.
 */
public interface AnalyticsStore {

    /**
     * Writes the scans, their rollups, unique scanners and totals in one transaction: all or none.
     * Not idempotent: the in-process queue hands each scan over once; a transport that may
     * deliver twice has to remove duplicates first.
     */
    void append(List<Scan> scans);

    /** Human scans of a code since it was made: what {@code maxScans} is counted against. */
    long humans(String codeId);

    /**
     * {@link #humans(String)} of each code among {@code codeIds} that has any, in one read: what
     * each instance of a deployment asks every second for the codes with a {@code maxScans}.
     */
    default Map<String, Long> humans(Collection<String> codeIds) {
        Map<String, Long> counts = new HashMap<>();
        for (String codeId : new LinkedHashSet<>(codeIds)) {
            long humans = humans(codeId);
            if (humans > 0) {
                counts.put(codeId, humans);
            }
        }
        return counts;
    }

    /**
     * All-time scans of each of the tenant's codes among {@code codeIds} that has been scanned;
     * codes of other tenants, unknown ids and codes never scanned are left out.
     */
    Map<String, Totals> totals(String tenantId, Collection<String> codeIds);

    /** Scans per UTC hour, oldest first; hours without scans are left out. */
    List<HourCount> hourly(ScanFilter filter);

    /** Human scans by the dimension ({@link Dimension#BOT}: bot scans by name). */
    Map<String, Long> breakdown(ScanFilter filter, Dimension dimension);

    /** Distinct (code, hashed address, UTC day) among human scans first seen in the filter's hours. */
    long uniqueHumans(ScanFilter filter);

    /**
     * Raw scans of one of the tenant's codes at times in {@code [from, to)}, in time order, after
     * {@code after} (null: from the start), at most {@code limit}. The client address is null once
     * its retention window has passed.
     */
    List<Scan> scans(String tenantId, String codeId, Instant from, Instant to, ScanCursor after, int limit);

    /** Forgets the client addresses of scans before {@code before}; returns how many scans lost theirs. */
    long purgeAddresses(Instant before);

    /** Deletes raw scans before {@code before} (rollups and totals stay); returns how many. */
    long purgeScans(Instant before);

    /**
     * Keeps scan events as they came, in one transaction, to be enriched later: what the analytics
     * path does while the user-agent parser is still loading, so that an answered scan is stored
     * however long that takes. They count nowhere until {@link #appendUnenriched} moves them.
     */
    void keepUnenriched(List<ScanEvent> events);

    /** The oldest {@code limit} events kept by {@link #keepUnenriched} (of any instance), oldest first. */
    List<ScanEvent> unenriched(int limit);

    /**
     * {@link #append}s those of {@code scans}, enriched from events kept by {@link #keepUnenriched},
     * whose events are still kept, and deletes those events, in one transaction: a scan moves once
     * even when two instances move the same events at once.
     *
     * @return the scans appended (those whose events another call had not moved already)
     */
    List<Scan> appendUnenriched(List<Scan> scans);
}
