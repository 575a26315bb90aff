package dev.qrly.server;

import dev.qrly.core.code.Slugs;
import dev.qrly.core.scan.FairShare;
import dev.qrly.core.scan.RateLimiter;
import dev.qrly.core.scan.Route;
import dev.qrly.core.scan.ScanEvent;
import dev.qrly.core.scan.ScanSource;
import dev.qrly.core.scan.UuidV7;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Instant;
import java.util.Locale;

/**
 * The scan path: {@code GET|HEAD <route><slug>}.
 *
 * <p>It sits in front of the router: {@link #slugOf} recognises a scan from the path alone, and
 * everything else goes on to the router. Measured under load, the router's generic matching cost
 * more than the redirect itself (docs/BENCHMARKS.md).
 *
 * <p>In order: the client's rate limit (before any lookup); the route from memory, or from the
 * store on a worker thread when it is not cached; the code's own rate limit, charged only to
 * clients over their fair share when the code is under pressure ({@link FairShare}); the decision
 * (302, 410 or 404, expiry checked now, in code); one non-blocking enqueue of the scan event; the
 * answer. A cache hit does no I/O and takes no lock a writer holds.
 *
 * <p>A scan answered to a flooding client is flagged: one whose own bucket is less than half full
 * ({@link #CLIENT_FLOODING}: it scans faster than its limit's rate for a while), or one over its
 * fair share of a code under pressure. Flagged scans are counted apart from people's.
 */
final class RedirectHandler {

    private static final CharSequence NO_STORE = HttpHeaders.createOptimized("private, no-store");
    private static final CharSequence TEXT = HttpHeaders.createOptimized("text/plain; charset=utf-8");

    private final Vertx vertx;
    private final Services services;
    private final Metrics metrics;
    private final TrustedProxies proxies;
    /** Below this fraction of its own bucket, a client is flooding: its answered scans are flagged. */
    static final double CLIENT_FLOODING = 0.5;

    private final RateLimiter perClient;
    private final FairShare perCode;
    private final String routePath;
    private final boolean rootRoute;

    RedirectHandler(Vertx vertx, Services services, Metrics metrics, TrustedProxies proxies, RateLimiter perClient,
            FairShare perCode) {
        this.vertx = vertx;
        this.services = services;
        this.metrics = metrics;
        this.proxies = proxies;
        this.perClient = perClient;
        this.perCode = perCode;
        this.routePath = services.links().routePath();
        this.rootRoute = routePath.equals("/");
    }

    /**
     * The slug if a request is a scan, else null: GET or HEAD on the route (in either case) followed
     * by something shaped like a slug, and, on a root route, not one of the service's own paths.
     */
    String slugOf(HttpServerRequest request) {
        HttpMethod method = request.method();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            return null;
        }
        String path = request.path();
        int prefix = routePath.length();
        if (path == null || path.length() <= prefix || !path.regionMatches(true, 0, routePath, 0, prefix)) {
            return null;
        }
        String slug = path.substring(prefix);
        return Slugs.plausible(slug) && !(rootRoute && Slugs.reserved(slug)) ? slug : null;
    }

    /** Answers a scan; {@code slug} is what {@link #slugOf} returned for this request. */
    void handle(HttpServerRequest request, String slug) {
        long start = System.nanoTime();
        String client = proxies.clientAddress(request.remoteAddress().hostAddress(), request.getHeader("X-Forwarded-For"));
        long wait = perClient.tryAcquireWatching(client, CLIENT_FLOODING);
        if (wait > 0) {
            tooMany(request, wait);
            return;
        }
        boolean flooding = wait == RateLimiter.PRESSED;
        // the route as received, its case telling a printed code from a shared link; empty on a root route
        String routeSegment = request.path().substring(1, Math.max(1, routePath.length() - 1));
        String key = Slugs.key(slug);
        Route route = services.routes().cached(key);
        if (route != null) {
            answer(request, route, client, flooding, slug, routeSegment, start);
            return;
        }
        vertx.executeBlocking(() -> services.routes().load(key), false).onComplete(result -> {
            if (result.succeeded()) {
                answer(request, result.result(), client, flooding, slug, routeSegment, start);
            } else {
                request.response().setStatusCode(503).putHeader(HttpHeaders.CONTENT_TYPE, TEXT).putHeader("Retry-After", "5")
                        .end("The service cannot look this code up right now; please try again.\n");
            }
        });
    }

    private void answer(HttpServerRequest request, Route route, String client, boolean flooding, String slug, String routeSegment,
            long start) {
        HttpServerResponse response = request.response();
        if (!route.known()) {
            metrics.notFound.increment();
            response.setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, TEXT).end("No QR code here.\n");
            return;
        }
        long wait = perCode.admit(route.codeId(), client);
        if (wait > 0) {
            tooMany(request, wait);
            return;
        }
        boolean flood = flooding || wait == FairShare.FLOOD;
        if (flood) {
            metrics.floodScans.increment();
        }
        Instant now = services.clock().instant();
        // the live count is read only for a code with a limit
        boolean redirect = route.redirectsAt(now, route.maxScans() == null ? 0 : services.counters().humans(route.codeId()));
        ScanSource source = services.links().sourceOf(routeSegment, slug);
        String purpose = request.getHeader("Sec-Purpose");
        if (purpose == null) {
            purpose = request.getHeader("Purpose");
        }
        services.scans().offer(new ScanEvent(UuidV7.next(services.clock(), services.random()), route.codeId(), route.tenantId(),
                now, client, request.getHeader(HttpHeaders.USER_AGENT), request.getHeader(HttpHeaders.REFERER),
                request.getHeader(HttpHeaders.ACCEPT_LANGUAGE), source, request.method() == HttpMethod.HEAD,
                purpose != null && purpose.toLowerCase(Locale.ROOT).contains("prefetch"),
                redirect ? ScanEvent.Outcome.REDIRECTED : ScanEvent.Outcome.GONE, null, flood));
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

    private void tooMany(HttpServerRequest request, long waitNanos) {
        metrics.rateLimited.increment();
        long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
        request.response().setStatusCode(429).putHeader("Retry-After", Long.toString(seconds))
                .putHeader(HttpHeaders.CONTENT_TYPE, TEXT).end("Too many requests; try again in " + seconds + " s.\n");
    }
}
