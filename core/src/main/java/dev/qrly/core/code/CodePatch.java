package dev.qrly.core.code;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A partial update: a field left {@code null} is unchanged; an {@code Optional.empty()} clears a
 * clearable field (label, expiry, scan limit).
 */
public record CodePatch(String destination, Optional<String> label, List<String> tags, Optional<Instant> expiresAt,
        Optional<Long> maxScans, Boolean active) {

    /** Whether the patch changes nothing. */
    public boolean isEmpty() {
        return destination == null && label == null && tags == null && expiresAt == null && maxScans == null && active == null;
    }
}
