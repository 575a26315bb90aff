package dev.qrly.engine;

import java.util.Objects;

/**
 * Input that the engine refuses, naming the field that was wrong.
 *
 * <p>The field is a stable, machine-readable name ({@code "data"}, {@code "foreground"},
 * {@code "ssid"}, …) that the HTTP layer reports as {@code error.field} and the command line maps
 * to the option that carried it. The message is a sentence a person can act on.
 */
public class InvalidInputException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * @param field the name of the offending field; not null
     * @param message what is wrong and, where possible, what would be accepted; not null
     */
    public InvalidInputException(String field, String message) {
        super(Objects.requireNonNull(message, "message"));
        this.field = Objects.requireNonNull(field, "field");
    }

    /** The name of the field that was wrong, never null. */
    public String field() {
        return field;
    }
}
