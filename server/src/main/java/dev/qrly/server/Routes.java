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
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/** Builds the router: the redirect route, the API, images and the operations endpoints. */
final class Routes {

    private Routes() {}

    /** Per-server shared state: the limiters and the metrics are one for all event loops. */
    record Shared(Metrics metrics, TrustedProxies proxies, RateLimiter perClient, FairShare perCode, RateLimiter perKey,
            Sessions sessions, AuthFailures authFailures, RateLimiter perRender, ConnectionGuard.Counts connections) {}

    /** The request handler of one server: scans go straight to the redirect, the rest to the router. */
    static Handler<HttpServerRequest> handler(Vertx vertx, Services services, ServerConfig config, Shared shared,
            ConnectionGuard guard) {
        RedirectHandler redirect = new RedirectHandler(vertx, services, shared.metrics(), shared.proxies(), shared.perClient(),
                shared.perCode());
        Router router = build(vertx, services, config, shared);
        return request -> {
            guard.requestStarted(request);
            SecurityHeaders.add(request, shared.proxies());
            if (request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null && !request.path().startsWith("/api/")) {
                // only the API takes a body; a chunked one elsewhere could not be answered before it is read
                refuse(request, new HttpError(400, "body_not_taken", request.path() + " takes no request body", "body"));
                return;
            }
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

        // a body of a type no route takes is refused before any handler reads or decodes it
        router.route("/api/*").handler(Bodies::admit);
        // a batch upload may be large; every other body is small
        router.post("/api/v1/batches").handler(Bodies.reader(BatchesApi.BODY_LIMIT, " (a batch's limit)"));
        router.routeWithRegex("/api/(?!v1/batches$).*").handler(Bodies.reader(config.bodyLimit(), ""));
        router.route("/api/*").handler(ctx -> {
            ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            ctx.next();
        });
        new Operations(vertx, services, shared.metrics(), shared.connections(), config.metrics()).mount(router);
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
        router.errorHandler(400, ctx -> api.fail(ctx, ctx.failure() instanceof HttpError e ? e : malformed(ctx)));
        router.errorHandler(500, ctx -> api.fail(ctx, ctx.failure() == null ? new IllegalStateException("unknown failure")
                : clientFault(ctx.failure()) ? malformed(ctx) : ctx.failure()));
        return router;
    }

    /** A request the HTTP decoder could not read (a bad request line, header or size): 4xx, and the connection closed. */
    static void invalid(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        HttpError error = cause instanceof TooLongHttpLineException ? new HttpError(414, "uri_too_long", "the request line is too long", null)
                : cause instanceof TooLongHttpHeaderException ? new HttpError(431, "headers_too_large", "the request headers are too large", null)
                : new HttpError(400, "malformed_request", "the request is not valid HTTP/1.1", null);
        SecurityHeaders.add(request, TrustedProxies.NONE);
        refuse(request, error);
    }

    /** Answers the error and closes the connection, whatever remains of the request unread. */
    private static void refuse(HttpServerRequest request, HttpError error) {
        request.response().setStatusCode(error.status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close").end(error.body().encode())
                .onComplete(done -> request.connection().close());
    }

    /** Whether a failure is the client's doing: its body broke off or did not decode (a bad chunk, a reset). */
    private static boolean clientFault(Throwable failure) {
        return failure instanceof io.netty.handler.codec.DecoderException || failure instanceof java.io.IOException
                || failure instanceof io.vertx.core.http.HttpClosedException || failure instanceof io.vertx.core.VertxException
                && failure.getMessage() != null && failure.getMessage().contains("closed");
    }

    /** The request's body or framing was malformed: answered 400, and the connection closed, as it cannot be read further. */
    private static HttpError malformed(RoutingContext ctx) {
        ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        ctx.addEndHandler(done -> ctx.request().connection().close());
        return new HttpError(400, "malformed_request", "the request body is malformed (a bad chunk or a broken transfer)", "body");
    }
}
