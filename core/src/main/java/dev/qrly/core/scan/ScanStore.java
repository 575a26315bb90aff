package dev.qrly.core.scan;

import java.util.List;

/** Port: where raw scan events are written, in batches, and read back. */
public interface ScanStore {

    /** Writes the events in one transaction; an event whose id is already stored is skipped. */
    void insert(List<ScanEvent> events);

    /** The tenant's events for one code, oldest first, at most {@code limit}. */
    List<ScanEvent> events(String tenantId, String codeId, int limit);

    /** How many events are stored for the code. */
    long count(String codeId);
}
