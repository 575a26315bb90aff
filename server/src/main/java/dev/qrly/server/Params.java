package dev.qrly.server;

import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Query parameters, read strictly: a repeated parameter or a bad number is a 400 naming it. */
final class Params {

    private Params() {}

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
