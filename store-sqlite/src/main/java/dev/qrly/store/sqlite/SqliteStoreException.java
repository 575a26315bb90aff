package dev.qrly.store.sqlite;

/**
 * The SQLite store failed for a reason that is no refusal of the domain's: a full disk, a corrupt
 * file, a bug. The message names what was being done; the cause holds SQLite's own report.
 */
public final class SqliteStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    SqliteStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
