package dev.qrly.server;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The dashboard: one HTML page at {@code /}, its scripts and styles under {@code /assets/}, and the
 * front-end libraries (from WebJars on the classpath) under {@code /webjars/}. Everything it shows
 * comes from the JSON API, with the session cookie instead of a bearer key.
 *
 * <p>Every answer carries a Content-Security-Policy that allows scripts, styles and connections to
 * this origin only, no inline script or style, and no framing.
 */
final class Dashboard {

    /** Scripts, styles, fetches and fonts from this origin only; images also from data: and blob: URLs (previews). */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            + "connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private static final long ONE_YEAR = 365L * 24 * 3600;

    private final Buffer page;

    Dashboard() {
        try (InputStream in = Dashboard.class.getResourceAsStream("/dashboard/index.html")) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's index.html is missing from the classpath");
            }
            page = Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void mount(Router router) {
        router.get("/").handler(this::page);
        router.route("/assets/*").handler(ctx -> {
            secure(ctx.response()).putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
            ctx.next();
        });
        // revalidated on every use (no-cache above), so an upgrade is seen at once
        router.get("/assets/*").handler(StaticHandler.create("dashboard/assets").setCachingEnabled(true).setMaxAgeSeconds(0)
                .setDirectoryListing(false).setIncludeHidden(false).setDefaultContentEncoding("UTF-8"));
        // versioned paths: a new library version is a new URL
        router.get("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars").setCachingEnabled(true)
                .setMaxAgeSeconds(ONE_YEAR).setDirectoryListing(false).setIncludeHidden(false));
    }

    private void page(RoutingContext ctx) {
        secure(ctx.response()).putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache").end(page);
    }

    private static HttpServerResponse secure(HttpServerResponse response) {
        return response.putHeader("Content-Security-Policy", CSP)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "same-origin")
                .putHeader("Cross-Origin-Opener-Policy", "same-origin");
    }
}
