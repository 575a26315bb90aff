package dev.qrly.server;

import dev.qrly.core.code.Slugs;
import dev.qrly.core.scan.RateLimiter;
import dev.qrly.core.scan.Route;
import dev.qrly.core.scan.ScanEvent;
import dev.qrly.core.scan.ScanSource;
import dev.qrly.core.scan.UuidV7;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;

/**
 * The scan path: {@code GET|HEAD <route><slug>}.
 *
 * <p>In order: the client's rate limit (before any lookup); the route from memory, or from the
 * store on a worker thread when it is not cached; the code's own rate limit; the decision (302,
 * 410 or 404, expiry checked now, in code); one non-blocking enqueue of the scan event; the answer.
 * A cache hit does no I/O and takes no lock a writer holds.
 */
final class RedirectHandler implements Handler<RoutingContext> {

    private static final CharSequence NO_STORE = HttpHeaders.createOptimized("private, no-store");
    private static final CharSequence TEXT = HttpHeaders.createOptimized("text/plain; charset=utf-8");

    private final Vertx vertx;
    private final Services services;
    private final Metrics metrics;
    private final TrustedProxies proxies;
    private final RateLimiter perClient;
    private final RateLimiter perCode;

    RedirectHandler(Vertx vertx, Services services, Metrics metrics, TrustedProxies proxies, RateLimiter perClient,
            RateLimiter perCode) {
        this.vertx = vertx;
        this.services = services;
        this.metrics = metrics;
        this.proxies = proxies;
        this.perClient = perClient;
        this.perCode = perCode;
    }

    @Override
    public void handle(RoutingContext ctx) {
        long start = System.nanoTime();
        HttpServerRequest request = ctx.request();
        String client = proxies.clientAddress(request.remoteAddress().hostAddress(), request.getHeader("X-Forwarded-For"));
        long wait = perClient.tryAcquire(client);
        if (wait > 0) {
            tooMany(ctx, wait);
            return;
        }
        String slug = ctx.pathParam("slug");
        // the route segment as received (its case tells a printed code from a shared link): the
        // path between the leading '/' and the '/' before the slug, empty on a root route
        String path = request.path();
        String routeSegment = path.length() > slug.length() + 1 ? path.substring(1, path.length() - slug.length() - 1) : "";
        String key = Slugs.key(slug);
        Route route = services.routes().cached(key);
        if (route != null) {
            answer(ctx, route, client, slug, routeSegment, start);
            return;
        }
        vertx.executeBlocking(() -> services.routes().load(key), false).onComplete(result -> {
            if (result.succeeded()) {
                answer(ctx, result.result(), client, slug, routeSegment, start);
            } else {
                ctx.response().setStatusCode(503).putHeader(HttpHeaders.CONTENT_TYPE, TEXT).putHeader("Retry-After", "5")
                        .end("The service cannot look this code up right now; please try again.\n");
            }
        });
    }

    private void answer(RoutingContext ctx, Route route, String client, String slug, String routeSegment, long start) {
        HttpServerResponse response = ctx.response();
        if (!route.known()) {
            metrics.notFound.increment();
            response.setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, TEXT).end("No QR code here.\n");
            return;
        }
        long wait = perCode.tryAcquire(route.codeId());
        if (wait > 0) {
            tooMany(ctx, wait);
            return;
        }
        Instant now = services.clock().instant();
        boolean redirect = route.redirectsAt(now);
        HttpServerRequest request = ctx.request();
        ScanSource source = services.links().sourceOf(routeSegment, slug);
        String purpose = request.getHeader("Sec-Purpose");
        if (purpose == null) {
            purpose = request.getHeader("Purpose");
        }
        services.scans().offer(new ScanEvent(UuidV7.next(services.clock(), services.random()), route.codeId(), route.tenantId(),
                now, client, request.getHeader(HttpHeaders.USER_AGENT), request.getHeader(HttpHeaders.REFERER),
                request.getHeader(HttpHeaders.ACCEPT_LANGUAGE), source, request.method() == HttpMethod.HEAD,
                purpose != null && purpose.toLowerCase(java.util.Locale.ROOT).contains("prefetch"),
                redirect ? ScanEvent.Outcome.REDIRECTED : ScanEvent.Outcome.GONE, null));
        response.putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE);
        if (redirect) {
            metrics.redirects.increment();
            response.setStatusCode(302).putHeader(HttpHeaders.LOCATION, route.destination()).end();
        } else {
            metrics.gone.increment();
            response.setStatusCode(410).putHeader(HttpHeaders.CONTENT_TYPE, TEXT).end("This QR code is no longer active.\n");
        }
        metrics.scanLatency(System.nanoTime() - start);
    }

    private void tooMany(RoutingContext ctx, long waitNanos) {
        metrics.rateLimited.increment();
        long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
        ctx.response().setStatusCode(429).putHeader("Retry-After", Long.toString(seconds))
                .putHeader(HttpHeaders.CONTENT_TYPE, TEXT).end("Too many requests; try again in " + seconds + " s.\n");
    }
}
