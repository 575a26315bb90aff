package dev.qrly.server;

import dev.qrly.core.DomainException;
import dev.qrly.core.image.ImageFormat;
import dev.qrly.core.image.ImageService;
import dev.qrly.core.scan.RateLimiter;
import dev.qrly.engine.render.PdfRenderer;
import dev.qrly.engine.render.PngRenderer;
import dev.qrly.engine.render.SvgRenderer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /i/<hash>.<svg|png|pdf>[?size=N]}: registered variants only, immutable, with an ETag
 * that a conditional request is answered with 304 against. A cached render is served from the
 * event loop, unlimited; a miss renders on a worker, and costs its client address tokens of the
 * render limit ({@code QR_RATE_LIMIT_RENDER}, {@link #renderCost}), or a 429.
 */
final class Images {

    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final Pattern FILE = Pattern.compile("([0-9a-f]{40}|[0-9a-f]{32})\\.(svg|png|pdf)");

    private final Vertx vertx;
    private final ImageService images;
    private final Metrics metrics;
    private final Api api;
    private final RateLimiter renders;
    private final TrustedProxies proxies;

    Images(Vertx vertx, ImageService images, Metrics metrics, Api api, RateLimiter renders, TrustedProxies proxies) {
        this.vertx = vertx;
        this.images = images;
        this.metrics = metrics;
        this.api = api;
        this.renders = renders;
        this.proxies = proxies;
    }

    /** Pixels a render token pays for: a PNG's cost grows with its area; a vector format's barely with its size. */
    static final long PIXELS_A_TOKEN = 1024 * 1024;

    /** The tokens an uncached render costs: one, or a PNG's started megapixels (a 4096 px PNG: 16). */
    static int renderCost(ImageFormat format, int size) {
        if (format != ImageFormat.PNG || size == 0) {
            return 1;
        }
        return (int) Math.max(1, ((long) size * size + PIXELS_A_TOKEN - 1) / PIXELS_A_TOKEN);
    }

    /** The public URL of a variant in a format and size (0: the format's default). */
    static String url(String hash, ImageFormat format, int size) {
        return "/i/" + hash + "." + format.extension() + (size > 0 ? "?size=" + size : "");
    }

    /** Parses {@code size} for a format; null or empty is the default (0). */
    static int size(ImageFormat format, String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        int min;
        int max;
        String unit;
        switch (format) {
            case PNG -> { min = PngRenderer.MIN_SIZE; max = PngRenderer.MAX_SIZE; unit = "px"; }
            case SVG -> { min = 1; max = SvgRenderer.MAX_PIXELS; unit = "px"; }
            default -> { min = (int) PdfRenderer.MIN_SIZE_MM; max = (int) PdfRenderer.MAX_SIZE_MM; unit = "mm"; }
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw HttpError.invalid("size", "size for " + format.extension() + " must be a whole number of " + unit + " from " + min
                + " to " + max + ", not '" + text + "'");
    }

    void serve(RoutingContext ctx) {
        Matcher m = FILE.matcher(ctx.pathParam("file"));
        if (!m.matches()) {
            api.fail(ctx, DomainException.notFound("no such image"));
            return;
        }
        String hash = m.group(1);
        ImageFormat format;
        int size;
        try {
            format = ImageFormat.parse(m.group(2), "format");
            size = size(format, Params.string(ctx, "size"));
        } catch (RuntimeException e) {
            api.fail(ctx, e);
            return;
        }
        Optional<ImageService.Image> cached = images.cached(hash, format, size);
        if (cached.isPresent()) {
            send(ctx, cached.get());
            return;
        }
        String client = proxies.clientAddress(ctx.request().remoteAddress().hostAddress(), ctx.request().getHeader("X-Forwarded-For"));
        long wait = renders.tryAcquireTokens(client, renderCost(format, size));
        if (wait > 0) {
            long seconds = Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
            api.fail(ctx, new Api.RateLimited(seconds, "too many images rendered for this address; retry in " + seconds
                    + " s, or ask for a size already served"));
            return;
        }
        vertx.executeBlocking(() -> images.render(hash, format, size), false).onComplete(result -> {
            if (result.failed()) {
                api.fail(ctx, result.cause());
            } else if (result.result().isEmpty()) {
                api.fail(ctx, DomainException.notFound("no such image"));
            } else {
                send(ctx, result.result().get());
            }
        });
    }

    private void send(RoutingContext ctx, ImageService.Image image) {
        var response = ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, IMMUTABLE).putHeader(HttpHeaders.ETAG, image.etag());
        String ifNoneMatch = ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null && matches(ifNoneMatch, image.etag())) {
            response.setStatusCode(304).end();
            return;
        }
        metrics.imagesServed.increment();
        response.putHeader(HttpHeaders.CONTENT_TYPE, image.format().mediaType())
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
                .end(Buffer.buffer(image.bytes()));
    }

    private static boolean matches(String header, String etag) {
        for (String candidate : header.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }
}
