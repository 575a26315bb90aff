package dev.qrly.core;

import java.util.Objects;

/**
 * A request the domain refuses, with what kind of refusal it is, a stable machine-readable code,
 * a message for people and, for invalid input, the field at fault. The HTTP layer maps the kind to
 * a status in one place; nothing else needs to know about HTTP.
 */
public class DomainException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The kinds of refusal, each one HTTP status. */
    public enum Kind {
        /** Invalid input: 400. */
        INVALID,
        /** No credentials or bad ones: 401. */
        UNAUTHENTICATED,
        /** Valid credentials without the right: 403. */
        FORBIDDEN,
        /** Absent, or belonging to another tenant: 404. */
        NOT_FOUND,
        /** Conflicts with what exists, such as a slug in use: 409. */
        CONFLICT,
        /** More than the service takes in one request, such as too many rows: 413. */
        TOO_LARGE,
        /** Too many requests of a kind at once: 429. */
        TOO_MANY,
        /** A backend the request needs is unreachable: 503. */
        UNAVAILABLE
    }

    private final Kind kind;
    private final String code;
    private final String field;

    public DomainException(Kind kind, String code, String message, String field) {
        super(Objects.requireNonNull(message, "message"));
        this.kind = Objects.requireNonNull(kind, "kind");
        this.code = Objects.requireNonNull(code, "code");
        this.field = field;
    }

    /** Invalid input in {@code field}. */
    public static DomainException invalid(String field, String message) {
        return new DomainException(Kind.INVALID, "invalid_field", message, field);
    }

    /** Something the caller may not see, or that does not exist: the two are told apart by no one. */
    public static DomainException notFound(String message) {
        return new DomainException(Kind.NOT_FOUND, "not_found", message, null);
    }

    public static DomainException unauthenticated(String message) {
        return new DomainException(Kind.UNAUTHENTICATED, "unauthorized", message, null);
    }

    public static DomainException forbidden(String message) {
        return new DomainException(Kind.FORBIDDEN, "forbidden", message, null);
    }

    public static DomainException unavailable(String message) {
        return new DomainException(Kind.UNAVAILABLE, "unavailable", message, null);
    }

    public Kind kind() {
        return kind;
    }

    /** A stable code such as {@code slug_taken} or {@code invalid_field}. */
    public String code() {
        return code;
    }

    /** The field at fault, or null. */
    public String field() {
        return field;
    }
}
