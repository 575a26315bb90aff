package dev.qrly.core.scan;

import java.util.List;

/** Where the scan queue hands its batches: the analytics path. */
@FunctionalInterface
public interface ScanSink {

    /** Takes a batch for good, or throws and keeps none of it (the queue then retries the batch). */
    void write(List<ScanEvent> batch);
}
