package dev.qrly.core.batch;

import java.time.Instant;
import java.util.Objects;

/**
 * A batch: many dynamic codes made from one upload, and an archive of their images.
 *
 * @param id 12 random characters of the code id alphabet; not null
 * @param tenantId the owner; not null
 * @param keyPrefix the key that sent it, recorded as the codes' creator; not null
 * @param status where it stands; not null
 * @param total the number of rows
 * @param created rows that made a code so far
 * @param failed rows that failed so far
 * @param options what applies to all its codes and images; not null
 * @param createdAt when it was accepted; not null
 * @param finishedAt when it became done or failed, or null
 * @param failure why it failed as a whole, or null
 */
public record Batch(String id, String tenantId, String keyPrefix, Status status, int total, int created, int failed,
        BatchOptions options, Instant createdAt, Instant finishedAt, String failure) {

    /** The three states of the contract. */
    public enum Status {
        /** Accepted and not finished: rows are being made into codes, or wait for it. */
        RUNNING,
        /** Every row has a code or an error, and the archive is complete. */
        DONE,
        /** Stopped as a whole by {@link #failure}; the rows done so far keep their codes and errors. */
        FAILED
    }

    public Batch {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Rows with an outcome, a code or an error. */
    public int done() {
        return created + failed;
    }
}
