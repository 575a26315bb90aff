package dev.qrly.store.postgres;

/**
 * The PostgreSQL store failed for a reason that is no refusal of the domain's and not an
 * unreachable server (that is a {@link dev.qrly.core.DomainException} of kind
 * {@code UNAVAILABLE}): a constraint the domain should have kept, a full disk, a bug. The message
 * names what was being done and the SQLState, never the statement; the cause holds the server's
 * own report.
 */
public final class PostgresStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    PostgresStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
