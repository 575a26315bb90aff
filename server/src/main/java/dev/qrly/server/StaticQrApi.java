package dev.qrly.server;

import dev.qrly.core.code.CodeStyle;
import dev.qrly.core.image.ImageFormat;
import dev.qrly.core.image.ImageService;
import dev.qrly.core.image.ImageVariant;
import dev.qrly.engine.ErrorCorrection;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/v1/qr}: a static code (no redirect), answered with the image itself. An
 * identical request is answered from the content-hash cache and costs no rate-limit token.
 */
final class StaticQrApi {

    private final Api api;
    private final ImageService images;

    StaticQrApi(Api api, ImageService images) {
        this.api = api;
        this.images = images;
    }

    void mount(Router router) {
        router.post("/api/v1/qr").handler(this::create);
    }

    private void create(RoutingContext ctx) {
        api.authedUncharged(ctx, caller -> {
            JsonObject json = Api.jsonObject(ctx);
            String data = PayloadJson.text(json);
            JsonObject options = new JsonObject();
            for (String name : PayloadJson.COMMON) {
                if (json.containsKey(name)) {
                    options.put(name, json.getValue(name));
                }
            }
            JsonBody common = JsonBody.of(options, PayloadJson.COMMON);
            ImageFormat format = ImageFormat.parse(common.has("format") ? common.string("format") : "png", "format");
            Long sizeValue = common.integer("size", 1, 100_000);
            int size = Images.size(format, sizeValue == null ? null : Long.toString(sizeValue));
            ErrorCorrection level = CodesApi.errorCorrection(common.string("errorCorrection"));
            CodeStyle style = CodesApi.style(common.object("style", CodesApi.STYLE_FIELDS));
            String hash = images.address(data, level, style);
            var cached = images.cached(hash, format, size);
            ImageService.Image image;
            if (cached.isPresent()) {
                image = cached.get();
            } else {
                api.charge(caller);
                images.register(caller.tenantId(), data, level, style);
                image = images.render(new ImageVariant(hash, caller.tenantId(), data, level, style), format, size);
            }
            return new Api.Reply(200, image.bytes(), image.format().mediaType(), java.util.Map.of(
                    "Content-Location", Images.url(hash, format, size), "ETag", image.etag()));
        });
    }
}
