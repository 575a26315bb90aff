package dev.qrly.core.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.qrly.core.StoreSamples;
import dev.qrly.core.code.Code;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link RouteCache} in front of a shared cache and a change bus (both in memory here; Redis's are tested in their module). */
class RouteCacheTest {

    private final Code menu = StoreSamples.code(StoreSamples.TENANT_A, 1).slug("menu").build();
    private final SlugLookupStore store = new SlugLookupStore(Map.of("MENU", menu));
    private final Map<String, Route> sharedRoutes = new HashMap<>();
    private final List<String> published = new ArrayList<>();
    private boolean sharedDown;
    private ChangeBus.Listener listener;

    private final SharedRoutes shared = new SharedRoutes() {
        @Override
        public Route get(String slugKey) {
            if (sharedDown) {
                throw new IllegalStateException("shared cache down");
            }
            return sharedRoutes.get(slugKey);
        }

        @Override
        public void put(String slugKey, Route route) {
            if (sharedDown) {
                throw new IllegalStateException("shared cache down");
            }
            sharedRoutes.put(slugKey, route);
        }
    };

    private final ChangeBus bus = new ChangeBus() {
        @Override
        public void publish(String slugKey) {
            published.add(slugKey);
        }

        @Override
        public void publishKeyRevoked(String keyPrefix) {
            throw new AssertionError("the route cache revokes no keys");
        }

        @Override
        public void subscribe(Listener subscriber) {
            listener = subscriber;
        }
    };

    private final RouteCache cache = new RouteCache(store, 1000, Duration.ofMinutes(5), Duration.ofSeconds(10), route -> { }, shared, bus);

    @Test
    void load_inTheSharedCache_doesNotReadTheStore() {
        Route route = Route.of(StoreSamples.CodeBuilder.from(menu).destination("https://example.org/shared").build());
        sharedRoutes.put("MENU", route);

        assertEquals(route, cache.load("MENU"));

        assertEquals(0, store.reads.get());
        assertEquals(route, cache.cached("MENU"));
    }

    @Test
    void load_notShared_readsTheStoreAndSharesWhatItRead() {
        assertEquals(Route.of(menu), cache.load("MENU"));
        assertEquals(Route.UNKNOWN, cache.load("NOPE"));

        assertEquals(Route.of(menu), sharedRoutes.get("MENU"));
        assertEquals(Route.UNKNOWN, sharedRoutes.get("NOPE"), "unknown slugs are shared too, so junk scans cost one store read in all");
    }

    @Test
    void load_sharedCacheDown_readsTheStoreAndCountsTheFailure() {
        sharedDown = true;

        assertEquals(Route.of(menu), cache.load("MENU"));

        assertEquals(1, store.reads.get());
        assertEquals(2, cache.sharedFailures(), "the read and the write");
    }

    @Test
    void changed_code_isCachedSharedAndAnnounced() {
        Code moved = StoreSamples.CodeBuilder.from(menu).destination("https://example.org/dinner").build();

        cache.changed(moved);

        assertEquals(Route.of(moved), cache.cached("MENU"));
        assertEquals(Route.of(moved), sharedRoutes.get("MENU"));
        assertEquals(List.of("MENU"), published);
    }

    @Test
    void changed_sharedCacheDown_stillCachedHereAndAnnounced() {
        sharedDown = true;

        cache.changed(menu);

        assertEquals(Route.of(menu), cache.cached("MENU"));
        assertEquals(List.of("MENU"), published);
    }

    @Test
    void busMessage_evictsTheSlug_soTheNextScanReadsItAgain() {
        cache.load("MENU");
        cache.load("LATER");
        Code moved = StoreSamples.CodeBuilder.from(menu).destination("https://example.org/dinner").build();
        sharedRoutes.put("MENU", Route.of(moved));

        listener.changed("MENU");
        listener.changed("LATER");

        assertNull(cache.cached("MENU"));
        assertNull(cache.cached("LATER"), "an unknown slug another instance created is forgotten too");
        assertEquals(Route.of(moved), cache.load("MENU"));
    }

    @Test
    void resynchronise_forgetsEveryRoute() {
        cache.load("MENU");
        cache.load("NOPE");

        listener.resynchronise();

        assertNull(cache.cached("MENU"));
        assertNull(cache.cached("NOPE"));
    }

    @Test
    void load_racingAnEviction_servesWhatItReadButDoesNotCacheIt() {
        // the store read happens, then another instance's change arrives before the load caches it
        store.onRead = () -> listener.changed("MENU");

        Route served = cache.load("MENU");

        assertSame(null, cache.cached("MENU"), "what was read may be the old route: the next scan reads again");
        assertEquals(Route.of(menu), served);
    }
}
