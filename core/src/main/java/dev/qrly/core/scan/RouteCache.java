package dev.qrly.core.scan;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.qrly.core.code.Code;
import dev.qrly.core.code.CodeChanges;
import dev.qrly.core.code.CodeStore;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The redirect's in-process cache of routes by slug key.
 *
 * <p>A hit is a lock-free map read ({@link #cached}); a miss is answered by {@link #load}, which
 * reads the shared cache, if any, then the store, and must run off the event loop. Changes made
 * through this instance replace the entry at once ({@link #changed(Code)}), are written to the
 * shared cache and announced on the {@link ChangeBus}; another instance's announcement evicts the
 * entry here ({@link #changed(String)}). Entries also expire after a while, so that an instance
 * that missed an announcement is stale for a bounded time. When the store cannot be read, the last
 * known route is served: a printed code keeps working through a database outage ("stale on
 * error"); when the shared cache cannot be reached, the store is read instead.
 *
 * <p>The caches do their upkeep on the calling thread ({@code executor(Runnable::run)}): handing
 * it to the common pool woke a thread for every few lookups, which showed up in profiles of the
 * redirect under load.
 */
public final class RouteCache implements CodeChanges, ChangeBus.Listener {

    private static final Logger LOG = Logger.getLogger(RouteCache.class.getName());

    private final CodeStore store;
    private final SharedRoutes shared;
    private final ChangeBus bus;
    /**
     * Moves on at every eviction a bus message asks for: a load that read the shared cache or the
     * store before an eviction and finishes after it must not cache what it read, which may be the
     * route the eviction was about.
     */
    private final AtomicLong evictions = new AtomicLong();
    private final LongAdder sharedFailures = new LongAdder();
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
        this(store, maxEntries, ttl, unknownTtl, onRoute, SharedRoutes.NONE, ChangeBus.LOCAL);
    }

    /**
     * One instance's cache in front of a shared one, told of other instances' changes by the bus.
     *
     * @param shared asked on a miss before the store, and written on every change
     * @param bus where this instance's changes are announced and the others' heard
     */
    public RouteCache(CodeStore store, long maxEntries, Duration ttl, Duration unknownTtl, Consumer<Route> onRoute,
            SharedRoutes shared, ChangeBus bus) {
        this.store = Objects.requireNonNull(store, "store");
        this.shared = Objects.requireNonNull(shared, "shared");
        this.bus = Objects.requireNonNull(bus, "bus");
        this.onRoute = Objects.requireNonNull(onRoute, "onRoute");
        this.routes = Caffeine.newBuilder().executor(Runnable::run).maximumSize(maxEntries).expireAfterWrite(ttl).recordStats().build();
        this.unknown = Caffeine.newBuilder().executor(Runnable::run).maximumSize(Math.max(1000, maxEntries / 10)).expireAfterWrite(unknownTtl).build();
        this.lastKnown = Caffeine.newBuilder().executor(Runnable::run).maximumSize(maxEntries).build();
        bus.subscribe(this);
    }

    /** The cached route for a slug key, or null: no I/O, no lock. */
    public Route cached(String slugKey) {
        Route route = routes.getIfPresent(slugKey);
        return route != null ? route : unknown.getIfPresent(slugKey);
    }

    /**
     * Reads the route from the shared cache or, failing that, the store, and caches it. Blocking:
     * call it off the event loop. If the store fails, the last known route is returned when there
     * is one; else the failure propagates. A shared cache that cannot be reached is passed over.
     */
    public Route load(String slugKey) {
        long before = evictions.get();
        Route route = sharedRoute(slugKey);
        if (route == null) {
            try {
                route = store.findBySlugKey(slugKey).map(Route::of).orElse(Route.UNKNOWN);
            } catch (RuntimeException storeDown) {
                Route stale = lastKnown.getIfPresent(slugKey);
                if (stale != null) {
                    return stale;
                }
                throw storeDown;
            }
            share(slugKey, route);
        }
        if (evictions.get() == before) {
            put(slugKey, route);
        } else if (route.known()) {
            onRoute.accept(route); // served now, cached by the next load
        }
        return route;
    }

    /** A change made through this instance: cached here, written to the shared cache, announced to the others. */
    @Override
    public void changed(Code code) {
        Route route = Route.of(code);
        put(code.slugKey(), route);
        share(code.slugKey(), route);
        bus.publish(code.slugKey());
    }

    /** Another instance changed this slug's route: the next scan reads it again. */
    @Override
    public void changed(String slugKey) {
        evictions.incrementAndGet();
        routes.invalidate(slugKey);
        unknown.invalidate(slugKey);
    }

    /** Changes may have been missed: every route is read again (the last known ones stay, for outages). */
    @Override
    public void resynchronise() {
        evictions.incrementAndGet();
        routes.invalidateAll();
        unknown.invalidateAll();
    }

    private Route sharedRoute(String slugKey) {
        try {
            return shared.get(slugKey);
        } catch (RuntimeException sharedDown) {
            failed(sharedDown);
            return null;
        }
    }

    private void share(String slugKey, Route route) {
        try {
            shared.put(slugKey, route);
        } catch (RuntimeException sharedDown) {
            failed(sharedDown);
        }
    }

    private void failed(RuntimeException e) {
        sharedFailures.increment();
        LOG.log(Level.FINE, "shared route cache unreachable; going on without it", e);
    }

    /** Calls to the shared cache that failed since start. */
    public long sharedFailures() {
        return sharedFailures.sum();
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
