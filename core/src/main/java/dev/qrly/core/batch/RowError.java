package dev.qrly.core.batch;

import java.util.Objects;

/**
 * Why one row of a batch made no code.
 *
 * @param field the row's field at fault ({@code destination}, {@code slug}, {@code label},
 *     {@code tags}), or null when the row as a whole is wrong
 * @param code a stable machine-readable code, such as {@code invalid_field} or {@code slug_taken}
 * @param message for people; not null
 */
public record RowError(String field, String code, String message) {

    public RowError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
