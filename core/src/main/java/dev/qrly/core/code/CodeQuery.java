package dev.qrly.core.code;

import java.util.Objects;

/**
 * A page request for a tenant's codes, in one of the {@link Order}s.
 *
 * @param limit the most codes to return, 1..200
 * @param after the position to continue from, or null for the first page
 * @param tag only codes with this tag, or null
 * @param text only codes whose slug, label or destination contains this text (case-insensitive), or null
 * @param order the order of the pages; not null
 */
public record CodeQuery(int limit, Cursor after, String tag, String text, Order order) {

    public static final int MAX_LIMIT = 200;

    /** How a list is sorted. Every order is total (ties broken by id), so that pages never skip or repeat a code. */
    public enum Order {
        /** Latest created first. */
        NEWEST,
        /** Earliest created first. */
        OLDEST,
        /** By label, A to Z ignoring case; codes without a label after all that have one. */
        LABEL
    }

    public CodeQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", not " + limit);
        }
        Objects.requireNonNull(order, "order");
    }

    /** Newest first. */
    public CodeQuery(int limit, Cursor after, String tag, String text) {
        this(limit, after, tag, text, Order.NEWEST);
    }

    /**
     * A position in an order: the last code of the previous page.
     *
     * @param createdAtMillis its creation time in epoch milliseconds (the time orders)
     * @param label its label, or null when it has none (the label order)
     * @param id its id, which breaks ties
     */
    public record Cursor(long createdAtMillis, String label, String id) {

        public Cursor {
            Objects.requireNonNull(id, "id");
        }

        /** A position in a time order. */
        public Cursor(long createdAtMillis, String id) {
            this(createdAtMillis, null, id);
        }

        /** The position of a code. */
        public static Cursor of(Code code) {
            return new Cursor(code.createdAt().toEpochMilli(), code.label(), code.id());
        }
    }
}
