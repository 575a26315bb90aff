package dev.qrly.core.analytics;

import java.time.Instant;
import java.util.UUID;

/** Where a page of raw scans ended: the next page starts after this scan. */
public record ScanCursor(Instant at, UUID id) {}
