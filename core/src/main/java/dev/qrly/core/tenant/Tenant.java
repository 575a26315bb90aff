package dev.qrly.core.tenant;

import java.time.Instant;
import java.util.Objects;

/**
 * An account whose codes, scans and keys are its own and invisible to every other tenant.
 *
 * @param id a short random identifier; not null
 * @param name the display name, 1..100 characters; not null
 * @param createdAt when it was created; not null
 */
public record Tenant(String id, String name, Instant createdAt) {

    public Tenant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
