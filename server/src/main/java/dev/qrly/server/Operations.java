package dev.qrly.server;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** {@code /healthz}, {@code /readyz}, {@code /metrics} and {@code /api/v1/openapi.json}. */
final class Operations {

    private final Vertx vertx;
    private final Services services;
    private final Metrics metrics;
    private final String openApi;
    private final ConnectionGuard.Counts connections;
    private final byte[] metricsToken;
    private final boolean metricsElsewhere;

    /** @param access who may read {@code /metrics}; with a listener of its own, it is not on the routers this mounts on */
    Operations(Vertx vertx, Services services, Metrics metrics, ConnectionGuard.Counts connections, MetricsAccess access) {
        this.vertx = vertx;
        this.services = services;
        this.metrics = metrics;
        this.openApi = resource("/openapi.json");
        this.connections = connections;
        this.metricsToken = access.token() == null ? null : access.token().getBytes(StandardCharsets.UTF_8);
        this.metricsElsewhere = access.separate();
    }

    void mount(Router router) {
        router.get("/healthz").handler(ctx -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end("{\"status\":\"ok\"}"));
        router.get("/readyz").handler(this::ready);
        if (!metricsElsewhere) {
            router.get("/metrics").handler(this::metrics);
        }
        router.get("/api/v1/openapi.json").handler(ctx -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(openApi));
    }

    /** Every configured backend checked (each check bounded by its own short timeout): 200 if all answer, else 503 naming those that did not. */
    private void ready(RoutingContext ctx) {
        vertx.executeBlocking(() -> {
            JsonObject backends = new JsonObject();
            services.backends().forEach((name, check) -> backends.put(name, check.getAsBoolean() ? "up"
                    : check instanceof Services.Explained explained ? explained.whyDown() : "down"));
            return backends;
        }, false).onComplete(result -> {
            JsonObject backends = result.succeeded() ? result.result() : new JsonObject();
            boolean up = result.succeeded() && backends.stream().allMatch(e -> "up".equals(e.getValue()));
            JsonObject body = new JsonObject().put("status", up ? "ready" : "unavailable").put("backends", backends);
            ctx.response().setStatusCode(up ? 200 : 503).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.encode());
        });
    }

    /** The metrics listener's router: {@code /metrics} and nothing else. */
    Router metricsOnly() {
        Router router = Router.router(vertx);
        router.get("/metrics").handler(this::metrics);
        return router;
    }

    private void metrics(RoutingContext ctx) {
        if (metricsToken != null && !bearerIs(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))) {
            ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer realm=\"metrics\"")
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(new HttpError(401, "unauthorized", "/metrics needs the token of QR_METRICS_TOKEN as a bearer token",
                            null).body().encode());
            return;
        }
        var scans = services.scans();
        var routes = services.routes();
        var pipeline = services.pipeline();
        String text = metrics.render(new Metrics.Gauges(scans::depth, scans::dropped, scans::written, routes::hitRatio,
                routes::hits, routes::misses, pipeline::humans, pipeline::bots, () -> pipeline.ready() ? 1 : 0, pipeline::kept,
                pipeline::enrichedFromKept, scans::spooled, scans::replayed, scans::spoolBytes, scans::spoolSegments));
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
                .end(text + metrics.renderConnections(connections) + metrics.loopLateness.render());
    }

    /** Compared in constant time, so the token cannot be guessed a byte at a time. */
    private boolean bearerIs(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(metricsToken, header.substring(7).strip().getBytes(StandardCharsets.UTF_8));
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
