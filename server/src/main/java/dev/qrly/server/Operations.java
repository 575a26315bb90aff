package dev.qrly.server;

import dev.qrly.core.Storage;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** {@code /healthz}, {@code /readyz}, {@code /metrics} and {@code /api/v1/openapi.json}. */
final class Operations {

    private final Vertx vertx;
    private final Services services;
    private final Metrics metrics;
    private final String openApi;

    Operations(Vertx vertx, Services services, Metrics metrics) {
        this.vertx = vertx;
        this.services = services;
        this.metrics = metrics;
        this.openApi = resource("/openapi.json");
    }

    void mount(Router router) {
        router.get("/healthz").handler(ctx -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end("{\"status\":\"ok\"}"));
        router.get("/readyz").handler(this::ready);
        router.get("/metrics").handler(this::metrics);
        router.get("/api/v1/openapi.json").handler(ctx -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(openApi));
    }

    private void ready(RoutingContext ctx) {
        Storage storage = services.storage();
        vertx.executeBlocking(storage::ping, false).onComplete(result -> {
            boolean up = result.succeeded() && result.result();
            JsonObject body = new JsonObject().put("status", up ? "ready" : "unavailable")
                    .put("backends", new JsonObject().put(storage.name(), up ? "up" : "down"));
            ctx.response().setStatusCode(up ? 200 : 503).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.encode());
        });
    }

    private void metrics(RoutingContext ctx) {
        var scans = services.scans();
        var routes = services.routes();
        var pipeline = services.pipeline();
        String text = metrics.render(new Metrics.Gauges(scans::depth, scans::dropped, scans::written, routes::hitRatio,
                routes::hits, routes::misses, pipeline::humans, pipeline::bots, () -> pipeline.ready() ? 1 : 0));
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8").end(text);
    }

    private static String resource(String name) {
        try (InputStream in = Operations.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
