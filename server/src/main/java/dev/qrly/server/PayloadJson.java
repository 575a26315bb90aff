package dev.qrly.server;

import dev.qrly.engine.InvalidInputException;
import dev.qrly.engine.payload.EmailPayload;
import dev.qrly.engine.payload.GeoPayload;
import dev.qrly.engine.payload.MeCardPayload;
import dev.qrly.engine.payload.Phone;
import dev.qrly.engine.payload.PostalAddress;
import dev.qrly.engine.payload.SmsPayload;
import dev.qrly.engine.payload.TelPayload;
import dev.qrly.engine.payload.TextPayload;
import dev.qrly.engine.payload.UrlPayload;
import dev.qrly.engine.payload.VCardPayload;
import dev.qrly.engine.payload.WifiPayload;
import dev.qrly.engine.payload.WifiSecurity;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The typed payloads of {@code POST /api/v1/qr}: {@code {"type": "wifi", "ssid": …}} and the like,
 * turned into the exact text to encode by the engine's payload builders.
 */
final class PayloadJson {

    /** Fields every static request may carry besides its payload's own. */
    static final Set<String> COMMON = Set.of("type", "data", "format", "size", "errorCorrection", "style");

    private static final Map<String, Set<String>> FIELDS = Map.of(
            "url", Set.of("url"),
            "text", Set.of("text"),
            "vcard", Set.of("name", "givenName", "familyName", "org", "title", "phones", "emails", "url", "address", "note"),
            "mecard", Set.of("givenName", "familyName", "org", "phones", "emails", "url", "address", "note"),
            "wifi", Set.of("ssid", "password", "security", "hidden"),
            "email", Set.of("to", "subject", "body"),
            "sms", Set.of("phone", "message"),
            "tel", Set.of("phone"),
            "geo", Set.of("latitude", "longitude", "altitude"));

    private static final Set<String> ADDRESS_FIELDS = Set.of("street", "city", "region", "postcode", "country");
    private static final Set<String> PHONE_FIELDS = Set.of("number", "type");

    private PayloadJson() {}

    /** The text to encode: {@code data} as given, or the typed payload's text. */
    static String text(JsonObject json) {
        Object type = json.getValue("type");
        if (type == null) {
            JsonBody body = JsonBody.of(json, COMMON);
            if (!body.has("data")) {
                throw HttpError.invalid("data", "give data (the exact text to encode) or a type with its fields; types: "
                        + String.join(", ", new java.util.TreeSet<>(FIELDS.keySet())));
            }
            return body.requiredString("data");
        }
        if (!(type instanceof String name) || !FIELDS.containsKey(name.toLowerCase(Locale.ROOT))) {
            throw HttpError.invalid("type", "type must be one of " + String.join(", ", new java.util.TreeSet<>(FIELDS.keySet())));
        }
        String kind = name.toLowerCase(Locale.ROOT);
        if (json.containsKey("data")) {
            throw HttpError.invalid("data", "give either data or a typed payload, not both");
        }
        Set<String> allowed = new HashSet<>(COMMON);
        allowed.addAll(FIELDS.get(kind));
        JsonBody body = JsonBody.of(json, allowed);
        try {
            return typed(kind, body, json);
        } catch (InvalidInputException e) {
            // the engine names its own fields (email, phone); an API error names the request's
            String field = REQUEST_FIELDS.getOrDefault(kind + "." + e.field(), e.field());
            throw new InvalidInputException(field, e.getMessage());
        }
    }

    /** Where the engine's name for a field differs from the request's, by type. */
    private static final Map<String, String> REQUEST_FIELDS = Map.of(
            "email.email", "to",
            "vcard.phone", "phones",
            "vcard.email", "emails",
            "mecard.phone", "phones",
            "mecard.email", "emails");

    private static String typed(String kind, JsonBody body, JsonObject json) {
        return switch (kind) {
            case "url" -> new UrlPayload(body.requiredString("url")).text();
            case "text" -> new TextPayload(body.requiredString("text")).text();
            case "vcard" -> vcard(body);
            case "mecard" -> mecard(body);
            case "wifi" -> new WifiPayload(body.requiredString("ssid"),
                    WifiSecurity.parse(body.has("security") ? body.string("security") : "WPA", "security"),
                    body.string("password"), Boolean.TRUE.equals(body.bool("hidden"))).text();
            case "email" -> new EmailPayload(body.requiredString("to"), body.string("subject"), body.string("body")).text();
            case "sms" -> new SmsPayload(body.requiredString("phone"), body.string("message")).text();
            case "tel" -> new TelPayload(body.requiredString("phone")).text();
            default -> geo(json);
        };
    }

    private static String vcard(JsonBody body) {
        VCardPayload.Builder card = VCardPayload.builder().name(body.string("name")).givenName(body.string("givenName"))
                .familyName(body.string("familyName")).org(body.string("org")).title(body.string("title"))
                .url(body.string("url")).note(body.string("note"));
        for (JsonBody phone : objects(body, "phones", PHONE_FIELDS)) {
            String type = phone.string("type");
            Phone.Type phoneType;
            try {
                phoneType = type == null ? Phone.Type.CELL : Phone.Type.valueOf(type.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw HttpError.invalid("phones.type", "phone type must be one of cell, home, work, fax, not '" + type + "'");
            }
            card.phone(phone.requiredString("number"), phoneType);
        }
        List<String> emails = body.strings("emails");
        if (emails != null) {
            emails.forEach(card::email);
        }
        JsonBody address = body.object("address", ADDRESS_FIELDS);
        if (address != null) {
            card.address(new PostalAddress(address.string("street"), address.string("city"), address.string("region"),
                    address.string("postcode"), address.string("country")));
        }
        return card.build().text();
    }

    private static String mecard(JsonBody body) {
        MeCardPayload.Builder card = MeCardPayload.builder().name(body.string("familyName"), body.string("givenName"))
                .org(body.string("org")).url(body.string("url")).address(body.string("address")).note(body.string("note"));
        for (JsonBody phone : objects(body, "phones", PHONE_FIELDS)) {
            card.phone(phone.requiredString("number"));
        }
        List<String> emails = body.strings("emails");
        if (emails != null) {
            emails.forEach(card::email);
        }
        return card.build().text();
    }

    private static String geo(JsonObject json) {
        double latitude = number(json, "latitude", true);
        double longitude = number(json, "longitude", true);
        Object altitude = json.getValue("altitude");
        return new GeoPayload(latitude, longitude, altitude == null ? null : number(json, "altitude", false)).text();
    }

    private static double number(JsonObject json, String name, boolean required) {
        Object value = json.getValue(name);
        if (value == null && required) {
            throw HttpError.invalid(name, name + " is required");
        }
        if (!(value instanceof Number n)) {
            throw HttpError.invalid(name, name + " must be a number");
        }
        return n.doubleValue();
    }

    /** A list of objects (phones may also be given as plain strings). */
    private static List<JsonBody> objects(JsonBody body, String name, Set<String> allowed) {
        if (!body.has(name) || body.isNull(name)) {
            return List.of();
        }
        Object raw = body.raw(name);
        if (!(raw instanceof JsonArray array)) {
            throw HttpError.invalid(name, name + " must be an array");
        }
        java.util.ArrayList<JsonBody> out = new java.util.ArrayList<>();
        for (Object item : array) {
            if (item instanceof String number) {
                out.add(JsonBody.of(new JsonObject().put("number", number), allowed));
            } else if (item instanceof JsonObject object) {
                out.add(JsonBody.of(object, allowed));
            } else {
                throw HttpError.invalid(name, name + " must hold strings or objects");
            }
        }
        return out;
    }
}
