package dev.qrly.server;

import dev.qrly.core.code.Code;
import dev.qrly.core.code.CodePatch;
import dev.qrly.core.code.CodeQuery;
import dev.qrly.core.code.CodeService;
import dev.qrly.core.code.CodeStyle;
import dev.qrly.core.code.DestinationChange;
import dev.qrly.core.code.NewCode;
import dev.qrly.core.image.ImageFormat;
import dev.qrly.engine.ErrorCorrection;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/** {@code /api/v1/codes}: dynamic codes, their history and their images. Thin: parse, call, map. */
final class CodesApi {

    private static final Set<String> CREATE_FIELDS = Set.of("destination", "slug", "label", "tags", "expiresAt", "maxScans",
            "errorCorrection", "style");
    private static final Set<String> PATCH_FIELDS = Set.of("destination", "label", "tags", "expiresAt", "maxScans", "active");
    static final Set<String> STYLE_FIELDS = Set.of("foreground", "background", "margin");

    private final Api api;
    private final Services services;

    CodesApi(Api api, Services services) {
        this.api = api;
        this.services = services;
    }

    void mount(Router router) {
        router.post("/api/v1/codes").handler(this::create);
        router.get("/api/v1/codes").handler(this::list);
        router.get("/api/v1/codes/:id").handler(this::get);
        router.patch("/api/v1/codes/:id").handler(this::patch);
        router.delete("/api/v1/codes/:id").handler(this::delete);
        router.get("/api/v1/codes/:id/history").handler(this::history);
        router.get("/api/v1/codes/:id/image").handler(this::image);
    }

    private void create(RoutingContext ctx) {
        api.authed(ctx, caller -> {
            JsonBody body = JsonBody.of(Api.jsonObject(ctx), CREATE_FIELDS);
            NewCode request = new NewCode(body.requiredString("destination"), body.string("slug"), body.string("label"),
                    body.strings("tags"), body.instant("expiresAt"), body.integer("maxScans", 1, Long.MAX_VALUE),
                    errorCorrection(body.string("errorCorrection")), style(body.object("style", STYLE_FIELDS)));
            Code code = services.codes().create(caller, request);
            registerImages(code);
            return Api.Reply.json(201, toJson(code)).withHeader("Location", "/api/v1/codes/" + code.id());
        });
    }

    private void list(RoutingContext ctx) {
        api.authed(ctx, caller -> {
            int limit = Params.integer(ctx, "limit", 50, 1, CodeQuery.MAX_LIMIT);
            CodeQuery.Order order = order(Params.string(ctx, "sort"));
            CodeQuery query = new CodeQuery(limit, cursor(Params.string(ctx, "cursor"), order), Params.string(ctx, "tag"),
                    Params.string(ctx, "q"), order);
            CodeService.Page page = services.codes().list(caller, query);
            JsonArray items = new JsonArray();
            page.codes().forEach(code -> items.add(toJson(code)));
            JsonObject out = new JsonObject().put("items", items);
            out.put("nextCursor", page.next().map(next -> encodeCursor(next, order)).orElse(null));
            return Api.Reply.json(200, out);
        });
    }

    private void get(RoutingContext ctx) {
        api.authed(ctx, caller -> Api.Reply.json(200, toJson(services.codes().get(caller, ctx.pathParam("id")))));
    }

    private void patch(RoutingContext ctx) {
        api.authed(ctx, caller -> {
            JsonBody body = JsonBody.of(Api.jsonObject(ctx), PATCH_FIELDS);
            if (body.isNull("destination")) {
                throw HttpError.invalid("destination", "destination cannot be removed; give a new one");
            }
            if (body.isNull("active") || body.isNull("tags")) {
                throw HttpError.invalid(body.isNull("active") ? "active" : "tags",
                        (body.isNull("active") ? "active" : "tags") + " cannot be null");
            }
            CodePatch patch = new CodePatch(body.string("destination"),
                    body.has("label") ? Optional.ofNullable(body.string("label")) : null,
                    body.strings("tags"),
                    body.has("expiresAt") ? Optional.ofNullable(body.instant("expiresAt")) : null,
                    body.has("maxScans") ? Optional.ofNullable(body.integer("maxScans", 1, Long.MAX_VALUE)) : null,
                    body.bool("active"));
            if (patch.isEmpty()) {
                throw HttpError.invalid(null, "nothing to change: give at least one of " + String.join(", ", new java.util.TreeSet<>(PATCH_FIELDS)));
            }
            return Api.Reply.json(200, toJson(services.codes().update(caller, ctx.pathParam("id"), patch)));
        });
    }

    private void delete(RoutingContext ctx) {
        api.authed(ctx, caller -> {
            services.codes().delete(caller, ctx.pathParam("id"));
            return Api.Reply.empty(204);
        });
    }

    private void history(RoutingContext ctx) {
        api.authed(ctx, caller -> {
            JsonArray entries = new JsonArray();
            for (DestinationChange change : services.codes().history(caller, ctx.pathParam("id"))) {
                entries.add(new JsonObject().put("destination", change.destination())
                        .put("changedAt", change.changedAt().toString()).put("changedBy", change.changedBy()));
            }
            return Api.Reply.json(200, entries);
        });
    }

    private void image(RoutingContext ctx) {
        api.authed(ctx, caller -> {
            Code code = services.codes().get(caller, ctx.pathParam("id"));
            ImageFormat format = ImageFormat.parse(Optional.ofNullable(Params.string(ctx, "format")).orElse("png"), "format");
            int size = Images.size(format, Params.string(ctx, "size"));
            String hash = registerImages(code);
            return Api.Reply.redirect(Images.url(hash, format, size));
        });
    }

    /** Records the code's image variant (idempotent), so that its public URLs serve. */
    private String registerImages(Code code) {
        return services.images().register(code.tenantId(), services.links().encoded(code.slug()), code.errorCorrection(), code.style());
    }

    JsonObject toJson(Code code) {
        String encoded = services.links().encoded(code.slug());
        String hash = services.images().address(encoded, code.errorCorrection(), code.style());
        JsonObject style = new JsonObject().put("foreground", code.style().foreground())
                .put("background", code.style().background()).put("margin", code.style().margin());
        return new JsonObject()
                .put("id", code.id())
                .put("slug", code.slug())
                .put("shortUrl", services.links().shortUrl(code.slug()))
                .put("encoded", encoded)
                .put("destination", code.destination())
                .put("label", code.label())
                .put("tags", new JsonArray(code.tags()))
                .put("active", code.active() && !code.deleted())
                .put("state", state(code))
                .put("expiresAt", code.expiresAt() == null ? null : code.expiresAt().toString())
                .put("maxScans", code.maxScans())
                .put("errorCorrection", code.errorCorrection().name())
                .put("style", style)
                .put("createdAt", code.createdAt().toString())
                .put("updatedAt", code.updatedAt().toString())
                .put("deletedAt", code.deletedAt() == null ? null : code.deletedAt().toString())
                .put("images", new JsonObject()
                        .put("svg", Images.url(hash, ImageFormat.SVG, 0))
                        .put("png", Images.url(hash, ImageFormat.PNG, 300))
                        .put("pdf", Images.url(hash, ImageFormat.PDF, 0)));
    }

    private String state(Code code) {
        if (code.deleted()) {
            return "deleted";
        }
        if (!code.active()) {
            return "deactivated";
        }
        Instant now = services.clock().instant();
        return code.expiresAt() != null && !now.isBefore(code.expiresAt()) ? "expired" : "active";
    }

    static ErrorCorrection errorCorrection(String text) {
        if (text == null) {
            return ErrorCorrection.M;
        }
        try {
            return ErrorCorrection.parse(text, "errorCorrection");
        } catch (IllegalArgumentException e) {
            throw HttpError.invalid("errorCorrection", "errorCorrection must be one of L, M, Q, H, not '" + text + "'");
        }
    }

    static CodeStyle style(JsonBody style) {
        if (style == null) {
            return CodeStyle.DEFAULT;
        }
        String fg = style.has("foreground") ? style.string("foreground") : CodeStyle.DEFAULT.foreground();
        String bg = style.has("background") ? style.string("background") : CodeStyle.DEFAULT.background();
        if (fg == null) {
            throw HttpError.invalid("style.foreground", "style.foreground cannot be null");
        }
        Long margin = style.integer("margin", 0, 16);
        try {
            return new CodeStyle(fg, bg == null || bg.equalsIgnoreCase("transparent") ? null : bg,
                    margin == null ? CodeStyle.DEFAULT.margin() : margin.intValue());
        } catch (dev.qrly.engine.InvalidInputException e) {
            throw HttpError.invalid("style." + e.field(), e.getMessage());
        }
    }

    private static CodeQuery.Order order(String text) {
        if (text == null || text.isEmpty()) {
            return CodeQuery.Order.NEWEST;
        }
        return switch (text) {
            case "newest" -> CodeQuery.Order.NEWEST;
            case "oldest" -> CodeQuery.Order.OLDEST;
            case "label" -> CodeQuery.Order.LABEL;
            default -> throw HttpError.invalid("sort", "sort must be newest, oldest or label, not '" + text + "'");
        };
    }

    /** An opaque cursor: the order it belongs to, then the last code's position in it. */
    private static String encodeCursor(CodeQuery.Cursor cursor, CodeQuery.Order order) {
        String label = cursor.label() == null ? "-"
                : "+" + Base64.getUrlEncoder().withoutPadding().encodeToString(cursor.label().getBytes(StandardCharsets.UTF_8));
        String text = order.name().charAt(0) + ":" + cursor.createdAtMillis() + ":" + cursor.id()
                + (order == CodeQuery.Order.LABEL ? ":" + label : "");
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static CodeQuery.Cursor cursor(String text, CodeQuery.Order order) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII).split(":", -1);
        } catch (IllegalArgumentException e) {
            throw HttpError.invalid("cursor", "cursor is not one this service returned");
        }
        if (parts.length < 3 || parts[0].length() != 1 || parts[2].isEmpty()) {
            throw HttpError.invalid("cursor", "cursor is not one this service returned");
        }
        if (parts[0].charAt(0) != order.name().charAt(0)) {
            throw HttpError.invalid("cursor", "cursor belongs to another sort order; start again without it");
        }
        try {
            long millis = Long.parseLong(parts[1]);
            if (order != CodeQuery.Order.LABEL) {
                if (parts.length != 3) {
                    throw new IllegalArgumentException("extra parts");
                }
                return new CodeQuery.Cursor(millis, parts[2]);
            }
            if (parts.length != 4 || parts[3].isEmpty()) {
                throw new IllegalArgumentException("no label part");
            }
            String label = parts[3].equals("-") ? null
                    : new String(Base64.getUrlDecoder().decode(parts[3].substring(1)), StandardCharsets.UTF_8);
            return new CodeQuery.Cursor(millis, label, parts[2]);
        } catch (IllegalArgumentException e) {
            throw HttpError.invalid("cursor", "cursor is not one this service returned");
        }
    }
}
