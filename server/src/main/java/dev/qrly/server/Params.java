package dev.qrly.server;

import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Query parameters, read strictly: a repeated parameter or a bad number is a 400 naming it. */
final class Params {

    private Params() {}

    /** The earliest instant a request may name: 1970-01-01T00:00:00Z. */
    static final java.time.Instant EARLIEST = java.time.Instant.EPOCH;
    /** The latest instant a request may name: the end of the year 9999. */
    static final java.time.Instant LATEST = java.time.Instant.parse("9999-12-31T23:59:59.999999999Z");

    /**
     * The instant, if it lies from {@link #EARLIEST} to {@link #LATEST}.
     *
     * @throws HttpError 400 naming the field otherwise
     */
    static java.time.Instant inRange(String field, java.time.Instant value) {
        if (value.isBefore(EARLIEST) || value.isAfter(LATEST)) {
            throw HttpError.invalid(field, field + " must be from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z, not " + value);
        }
        return value;
    }

    static String string(RoutingContext ctx, String name) {
        List<String> values = ctx.queryParam(name);
        if (values.size() > 1) {
            throw HttpError.invalid(name, name + " is given " + values.size() + " times");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    static int integer(RoutingContext ctx, String name, int defaultValue, int min, int max) {
        String text = string(ctx, name);
        if (text == null || text.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw HttpError.invalid(name, name + " must be a whole number from " + min + " to " + max + ", not '" + text + "'");
    }
}
