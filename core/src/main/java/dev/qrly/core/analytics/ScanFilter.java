package dev.qrly.core.analytics;

import java.time.Instant;
import java.util.Objects;

/**
 * Which scans a stats query counts: one tenant's, of one code or of all its codes (optionally only
 * those with a tag), in the hours that start in {@code [from, to)}. Every store query filters by the
 * tenant, so a code id of another tenant matches nothing.
 *
 * @param tenantId not null
 * @param codeId one code, or null for every code of the tenant
 * @param tag only codes with this tag (when {@code codeId} is null), or null
 * @param from inclusive; not null
 * @param to exclusive; not null, after {@code from}
 */
public record ScanFilter(String tenantId, String codeId, String tag, Instant from, Instant to) {

    public ScanFilter {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from " + from + " is not before to " + to);
        }
    }

    /** The first hour counted, as hours since the epoch: the hour {@code from} falls in. */
    public long fromHour() {
        return Math.floorDiv(from.getEpochSecond(), 3600);
    }

    /** The first hour not counted, as hours since the epoch: hours that start at or after {@code to}. */
    public long toHour() {
        long seconds = to.getEpochSecond();
        return to.getNano() > 0 ? Math.floorDiv(seconds, 3600) + 1 : Math.ceilDiv(seconds, 3600);
    }
}
