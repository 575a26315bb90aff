package dev.qrly.core.scan;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.qrly.core.code.Code;
import dev.qrly.core.code.CodeChanges;
import dev.qrly.core.code.CodeStore;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The redirect's in-process cache of routes by slug key.
 *
 * <p>A hit is a lock-free map read ({@link #cached}); a miss is answered by {@link #load}, which
 * reads the store and must run off the event loop. Changes made through this instance replace the
 * entry at once ({@link #changed}); entries also expire after a while so that an instance that
 * missed a change from another one (once several share a store) is stale for a bounded time. When
 * the store cannot be read, the last known route is served: a printed code keeps working through
 * a database outage ("stale on error").
 *
 * <p>The caches do their upkeep on the calling thread ({@code executor(Runnable::run)}): handing
 * it to the common pool woke a thread for every few lookups, which showed up in profiles of the
 * redirect under load.
 */
public final class RouteCache implements CodeChanges {

    private final CodeStore store;
    private final Cache<String, Route> routes;
    private final Cache<String, Route> unknown;
    private final Cache<String, Route> lastKnown;
    private final Consumer<Route> onRoute;

    /**
     * @param maxEntries the most routes kept
     * @param ttl how long a route is trusted without reading the store again
     * @param unknownTtl how long "no such slug" is trusted
     */
    public RouteCache(CodeStore store, long maxEntries, Duration ttl, Duration unknownTtl) {
        this(store, maxEntries, ttl, unknownTtl, route -> {});
    }

    /**
     * @param onRoute told of every known route as it is cached, off the event loop, before a scan
     *     can see it: where the live scan counts of codes with a {@code maxScans} start
     */
    public RouteCache(CodeStore store, long maxEntries, Duration ttl, Duration unknownTtl, Consumer<Route> onRoute) {
        this.store = Objects.requireNonNull(store, "store");
        this.onRoute = Objects.requireNonNull(onRoute, "onRoute");
        this.routes = Caffeine.newBuilder().executor(Runnable::run).maximumSize(maxEntries).expireAfterWrite(ttl).recordStats().build();
        this.unknown = Caffeine.newBuilder().executor(Runnable::run).maximumSize(Math.max(1000, maxEntries / 10)).expireAfterWrite(unknownTtl).build();
        this.lastKnown = Caffeine.newBuilder().executor(Runnable::run).maximumSize(maxEntries).build();
    }

    /** The cached route for a slug key, or null: no I/O, no lock. */
    public Route cached(String slugKey) {
        Route route = routes.getIfPresent(slugKey);
        return route != null ? route : unknown.getIfPresent(slugKey);
    }

    /**
     * Reads the route from the store and caches it. Blocking: call it off the event loop.
     * If the store fails, the last known route is returned when there is one; else the failure propagates.
     */
    public Route load(String slugKey) {
        Route route;
        try {
            route = store.findBySlugKey(slugKey).map(Route::of).orElse(Route.UNKNOWN);
        } catch (RuntimeException storeDown) {
            Route stale = lastKnown.getIfPresent(slugKey);
            if (stale != null) {
                return stale;
            }
            throw storeDown;
        }
        put(slugKey, route);
        return route;
    }

    @Override
    public void changed(Code code) {
        put(code.slugKey(), Route.of(code));
    }

    private void put(String slugKey, Route route) {
        if (route.known()) {
            onRoute.accept(route);
            routes.put(slugKey, route);
            lastKnown.put(slugKey, route);
            unknown.invalidate(slugKey);
        } else {
            routes.invalidate(slugKey);
            unknown.put(slugKey, route);
        }
    }

    /** Hits over lookups of known routes since start, 0..1. */
    public double hitRatio() {
        return routes.stats().hitRate();
    }

    public long hits() {
        return routes.stats().hitCount();
    }

    public long misses() {
        return routes.stats().missCount();
    }
}
