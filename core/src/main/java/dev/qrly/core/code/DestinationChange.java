package dev.qrly.core.code;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a code's destination history.
 *
 * @param destination the destination set; not null
 * @param changedAt when; not null
 * @param changedBy the prefix of the API key that made the change; not null
 */
public record DestinationChange(String destination, Instant changedAt, String changedBy) {

    public DestinationChange {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(changedAt, "changedAt");
        Objects.requireNonNull(changedBy, "changedBy");
    }
}
