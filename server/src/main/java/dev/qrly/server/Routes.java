package dev.qrly.server;

import dev.qrly.core.DomainException;
import dev.qrly.core.scan.FairShare;
import dev.qrly.core.scan.RateLimiter;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/** Builds the router: the redirect route, the API, images and the operations endpoints. */
final class Routes {

    private Routes() {}

    /** Per-server shared state: the limiters and the metrics are one for all event loops. */
    record Shared(Metrics metrics, TrustedProxies proxies, RateLimiter perClient, FairShare perCode, RateLimiter perKey,
            Sessions sessions, AuthFailures authFailures, RateLimiter perRender) {}

    /** The request handler of one server: scans go straight to the redirect, the rest to the router. */
    static Handler<HttpServerRequest> handler(Vertx vertx, Services services, ServerConfig config, Shared shared) {
        RedirectHandler redirect = new RedirectHandler(vertx, services, shared.metrics(), shared.proxies(), shared.perClient(),
                shared.perCode());
        Router router = build(vertx, services, config, shared);
        return request -> {
            String slug = redirect.slugOf(request);
            if (slug != null) {
                redirect.handle(request, slug);
            } else {
                router.handle(request);
            }
        };
    }

    static Router build(Vertx vertx, Services services, ServerConfig config, Shared shared) {
        Router router = Router.router(vertx);
        Api api = new Api(vertx, services, shared.metrics(), shared.perKey(), shared.sessions(), shared.authFailures());

        // a batch upload may be large; every other body is small
        router.post("/api/v1/batches").handler(BodyHandler.create(false).setBodyLimit(BatchesApi.BODY_LIMIT));
        router.routeWithRegex("/api/(?!v1/batches$).*").handler(BodyHandler.create(false).setBodyLimit(config.bodyLimit()));
        router.route("/api/*").handler(ctx -> {
            ctx.response().putHeader("X-Content-Type-Options", "nosniff").putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            ctx.next();
        });
        new Operations(vertx, services, shared.metrics()).mount(router);
        new SessionApi(api, services, shared.proxies(), config.geoCredit()).mount(router);
        new AdminApi(api, services.access()).mount(router);
        new CodesApi(api, services).mount(router);
        new StatsApi(api, services).mount(router);
        new StaticQrApi(api, services.images()).mount(router);
        new BatchesApi(api, services.batches()).mount(router);
        Images images = new Images(vertx, services.images(), shared.metrics(), api, shared.perRender(), shared.proxies());
        router.get("/i/:file").handler(images::serve);
        router.head("/i/:file").handler(images::serve);
        new Dashboard().mount(router);

        router.errorHandler(404, ctx -> api.fail(ctx, DomainException.notFound("no route " + ctx.request().method() + " "
                + ctx.request().path())));
        router.errorHandler(405, ctx -> api.fail(ctx, new HttpError(405, "method_not_allowed",
                ctx.request().method() + " is not allowed on " + ctx.request().path(), null)));
        router.errorHandler(413, ctx -> api.fail(ctx, new HttpError(413, "body_too_large", "the request body is larger than "
                + (ctx.request().path().startsWith("/api/v1/batches") ? BatchesApi.BODY_LIMIT : config.bodyLimit()) + " bytes", null)));
        router.errorHandler(400, ctx -> api.fail(ctx, ctx.failure() != null ? ctx.failure()
                : HttpError.invalid(null, "the request is malformed")));
        router.errorHandler(500, ctx -> api.fail(ctx, ctx.failure() != null ? ctx.failure()
                : new IllegalStateException("unknown failure")));
        return router;
    }
}
