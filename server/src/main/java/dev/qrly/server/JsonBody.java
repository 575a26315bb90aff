package dev.qrly.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Typed, strict reads from a JSON request body: a wrong type, an unknown field or a bad date is a
 * 400 that names the field, never a 500. "Absent" and "null" are told apart where a PATCH needs it.
 */
final class JsonBody {

    private final JsonObject json;
    private final String prefix;

    private JsonBody(JsonObject json, String prefix) {
        this.json = json;
        this.prefix = prefix;
    }

    /** Wraps a parsed object and refuses any field outside {@code allowed}. */
    static JsonBody of(JsonObject json, Set<String> allowed) {
        return of(json, allowed, "");
    }

    private static JsonBody of(JsonObject json, Set<String> allowed, String prefix) {
        for (String name : json.fieldNames()) {
            if (!allowed.contains(name)) {
                throw HttpError.invalid(prefix + name, "unknown field '" + prefix + name + "'; allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        }
        return new JsonBody(json, prefix);
    }

    /** The value as parsed, for shapes this class has no reader for. */
    Object raw(String name) {
        return json.getValue(name);
    }

    boolean has(String name) {
        return json.containsKey(name);
    }

    boolean isNull(String name) {
        return json.containsKey(name) && json.getValue(name) == null;
    }

    String string(String name) {
        Object value = json.getValue(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw wrongType(name, "a string");
        }
        return s;
    }

    String requiredString(String name) {
        String value = string(name);
        if (value == null) {
            throw HttpError.invalid(prefix + name, prefix + name + " is required");
        }
        return value;
    }

    Boolean bool(String name) {
        Object value = json.getValue(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Boolean b)) {
            throw wrongType(name, "true or false");
        }
        return b;
    }

    /** A whole number in range, or null when absent or null. */
    Long integer(String name, long min, long max) {
        Object value = json.getValue(name);
        if (value == null) {
            return null;
        }
        // written as a whole number: 5, not 5.0 or 1e300
        if (!(value instanceof Long || value instanceof Integer || value instanceof java.math.BigInteger)) {
            throw wrongType(name, "a whole number (digits only)");
        }
        Number n = (Number) value;
        if (n instanceof java.math.BigInteger big && big.bitLength() > 63) {
            throw HttpError.invalid(prefix + name, prefix + name + " must be from " + min + " to " + max);
        }
        return range(name, n.longValue(), min, max);
    }

    private Long range(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw HttpError.invalid(prefix + name, prefix + name + " must be from " + min + " to " + max + ", not " + value);
        }
        return value;
    }

    /** An ISO-8601 instant with offset, such as {@code 2027-01-01T00:00:00Z}; null when absent or null. */
    Instant instant(String name) {
        String text = string(name);
        if (text == null) {
            return null;
        }
        try {
            return Params.inRange(prefix + name, java.time.OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            throw HttpError.invalid(prefix + name, prefix + name + " must be a date-time with offset, such as 2027-01-01T00:00:00Z, not '" + text + "'");
        }
    }

    /** A list of strings; null when absent or null. */
    List<String> strings(String name) {
        Object value = json.getValue(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonArray array)) {
            throw wrongType(name, "an array of strings");
        }
        List<String> out = new ArrayList<>(array.size());
        for (Object item : array) {
            if (!(item instanceof String s)) {
                throw wrongType(name, "an array of strings");
            }
            out.add(s);
        }
        return out;
    }

    /** A nested object checked against its own allowed fields; null when absent or null. */
    JsonBody object(String name, Set<String> allowed) {
        Object value = json.getValue(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonObject object)) {
            throw wrongType(name, "an object");
        }
        return of(object, allowed, prefix + name + ".");
    }

    private HttpError wrongType(String name, String expected) {
        return HttpError.invalid(prefix + name, prefix + name + " must be " + expected);
    }
}
