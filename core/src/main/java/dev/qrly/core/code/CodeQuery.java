package dev.qrly.core.code;

/**
 * A page request for a tenant's codes, newest first.
 *
 * @param limit the most codes to return, 1..200
 * @param after the position to continue from, or null for the first page
 * @param tag only codes with this tag, or null
 * @param text only codes whose slug, label or destination contains this text (case-insensitive), or null
 */
public record CodeQuery(int limit, Cursor after, String tag, String text) {

    public static final int MAX_LIMIT = 200;

    public CodeQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", not " + limit);
        }
    }

    /**
     * A position in the newest-first order: the last code of the previous page.
     *
     * @param createdAtMillis its creation time in epoch milliseconds
     * @param id its id, which breaks ties
     */
    public record Cursor(long createdAtMillis, String id) {}
}
