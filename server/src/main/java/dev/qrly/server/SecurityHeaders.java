package dev.qrly.server;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * The headers every response carries, put before any handler runs: {@code X-Content-Type-Options:
 * nosniff} (so that no browser reads an image, a CSV or an error as a page or a script), and
 * {@code Strict-Transport-Security} when the request came over HTTPS, its own TLS or a trusted
 * proxy's ({@code X-Forwarded-Proto: https}). Over plain HTTP the header means nothing to a
 * browser, and would lock out a site served without TLS, so it is not sent.
 */
final class SecurityHeaders {

    private static final CharSequence NOSNIFF_NAME = HttpHeaders.createOptimized("X-Content-Type-Options");
    private static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");
    private static final CharSequence HSTS_NAME = HttpHeaders.createOptimized("Strict-Transport-Security");
    /** A year; subdomains are left alone, as they may be other services the operator runs without TLS. */
    static final String HSTS_VALUE = "max-age=31536000";
    private static final CharSequence HSTS = HttpHeaders.createOptimized(HSTS_VALUE);
    private static final CharSequence FORWARDED_PROTO = HttpHeaders.createOptimized("X-Forwarded-Proto");

    private SecurityHeaders() {}

    static void add(HttpServerRequest request, TrustedProxies proxies) {
        MultiMap headers = request.response().headers();
        headers.set(NOSNIFF_NAME, NOSNIFF);
        String proto = request.getHeader(FORWARDED_PROTO);
        if (request.isSSL() || proto != null && proxies.https(false, request.remoteAddress().hostAddress(), proto)) {
            headers.set(HSTS_NAME, HSTS);
        }
    }
}
