package dev.qrly.server;

import dev.qrly.core.DomainException;
import dev.qrly.core.scan.RateLimiter;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/** Builds the router: the redirect route, the API, images and the operations endpoints. */
final class Routes {

    private Routes() {}

    /** Per-server shared state: the limiters and the metrics are one for all event loops. */
    record Shared(Metrics metrics, TrustedProxies proxies, RateLimiter perClient, RateLimiter perCode, RateLimiter perKey) {}

    static Router build(Vertx vertx, Services services, ServerConfig config, Shared shared) {
        Router router = Router.router(vertx);
        Api api = new Api(vertx, services, shared.metrics(), shared.perKey());

        RedirectHandler redirect = new RedirectHandler(vertx, services, shared.metrics(), shared.proxies(), shared.perClient(),
                shared.perCode());
        String routePath = services.links().routePath();
        boolean rootRoute = routePath.equals("/");
        String redirectRegex = rootRoute ? null : redirectRegex(routePath);
        if (!rootRoute) {
            router.routeWithRegex(HttpMethod.GET, redirectRegex).handler(redirect);
            router.routeWithRegex(HttpMethod.HEAD, redirectRegex).handler(redirect);
        }

        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(config.bodyLimit()));
        router.route("/api/*").handler(ctx -> {
            ctx.response().putHeader("X-Content-Type-Options", "nosniff").putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            ctx.next();
        });
        new Operations(vertx, services, shared.metrics()).mount(router);
        new AdminApi(api, services.access()).mount(router);
        new CodesApi(api, services).mount(router);
        new StaticQrApi(api, services.images()).mount(router);
        Images images = new Images(vertx, services.images(), shared.metrics(), api);
        router.get("/i/:file").handler(images::serve);
        router.head("/i/:file").handler(images::serve);
        router.get("/").handler(ctx -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                .end("qrly is running.\nAPI: /api/v1 (Authorization: Bearer <key>), described at /api/v1/openapi.json\n"));

        if (rootRoute) {
            // last, so that the service's own paths win; slugs never take those names (Slugs reserves them)
            String rootRegex = "/(?<slug>[A-Za-z0-9-]{1," + dev.qrly.core.code.Slugs.MAX_LENGTH + "})";
            router.routeWithRegex(HttpMethod.GET, rootRegex).handler(redirect);
            router.routeWithRegex(HttpMethod.HEAD, rootRegex).handler(redirect);
        }

        router.errorHandler(404, ctx -> api.fail(ctx, DomainException.notFound("no route " + ctx.request().method() + " "
                + ctx.request().path())));
        router.errorHandler(405, ctx -> api.fail(ctx, new HttpError(405, "method_not_allowed",
                ctx.request().method() + " is not allowed on " + ctx.request().path(), null)));
        router.errorHandler(413, ctx -> api.fail(ctx, new HttpError(413, "body_too_large",
                "the request body is larger than " + config.bodyLimit() + " bytes", null)));
        router.errorHandler(400, ctx -> api.fail(ctx, ctx.failure() != null ? ctx.failure()
                : HttpError.invalid(null, "the request is malformed")));
        router.errorHandler(500, ctx -> api.fail(ctx, ctx.failure() != null ? ctx.failure()
                : new IllegalStateException("unknown failure")));
        return router;
    }

    /** {@code /r/} becomes {@code /(?<route>[rR])/(?<slug>…)}: the route in either case, the slug. */
    static String redirectRegex(String routePath) {
        String inner = routePath.substring(1, routePath.length() - 1);
        StringBuilder regex = new StringBuilder("/(?<route>");
        for (char c : inner.toCharArray()) {
            if (Character.isLetter(c)) {
                regex.append('[').append(Character.toLowerCase(c)).append(Character.toUpperCase(c)).append(']');
            } else if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                regex.append(c);
            } else {
                regex.append('\\').append(c);
            }
        }
        return regex.append(")/(?<slug>[A-Za-z0-9-]{1,").append(dev.qrly.core.code.Slugs.MAX_LENGTH).append("})").toString();
    }
}
