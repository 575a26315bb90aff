package dev.qrly.server;

import dev.qrly.core.analytics.ScanCounters;
import dev.qrly.core.analytics.ScanPipeline;
import dev.qrly.core.analytics.StatsService;
import dev.qrly.core.Storage;
import dev.qrly.core.batch.BatchService;
import dev.qrly.core.code.CodeService;
import dev.qrly.core.code.ShortLinks;
import dev.qrly.core.image.ImageService;
import dev.qrly.core.scan.RateLimiter;
import dev.qrly.core.scan.RouteCache;
import dev.qrly.core.scan.ScanQueue;
import dev.qrly.core.tenant.AccessService;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;

/**
 * What the HTTP adapter calls: the domain's services, wired once in {@code main}.
 *
 * @param storage for readiness, and the analytics store's raw scans for exports
 * @param pipeline for readiness and metrics
 * @param backends every configured backend by name ({@code sqlite}, {@code postgres}, {@code redis},
 *     {@code disk}), each with a check that never throws: what readiness reports; a check that is
 *     also a {@link Explained} names why it is down
 * @param limits makes the rate limiters: this process's own, or shared by the instances
 */
public record Services(AccessService access, CodeService codes, RouteCache routes, ScanQueue scans, ImageService images,
        ShortLinks links, Storage storage, Clock clock, RandomGenerator random, StatsService stats, ScanCounters counters,
        ScanPipeline pipeline, BatchService batches, Map<String, BooleanSupplier> backends, RateLimiter.Factory limits) {

    public Services {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(codes, "codes");
        Objects.requireNonNull(routes, "routes");
        Objects.requireNonNull(scans, "scans");
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(links, "links");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(counters, "counters");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(batches, "batches");
        backends = Collections.unmodifiableMap(new LinkedHashMap<>(backends));
        Objects.requireNonNull(limits, "limits");
    }

    /** A readiness check that can say why it is down ({@code /readyz} shows it instead of {@code down}). */
    public interface Explained extends BooleanSupplier {
        /** Why the check is down, in a few words; called only after it said so. */
        String whyDown();
    }
}
