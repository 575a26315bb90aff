package dev.qrly.cache.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.core.StoreSamples;
import dev.qrly.core.code.Code;
import dev.qrly.core.scan.ChangeBus;
import dev.qrly.core.scan.Route;
import dev.qrly.core.scan.RouteCache;
import dev.qrly.core.scan.SlugLookupStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The Redis adapters against a real redis-server of the test's own: the shared route cache, the
 * change bus between two instances, and what happens when Redis goes down and comes back.
 */
class RedisAdaptersTest extends TwoInstances {

    @Test
    void sharedRoutes_roundTripKnownAndUnknownRoutes() {
        RedisSharedRoutes routes = new RedisSharedRoutes(a);
        Route route = new Route("7K3M9Q2X", "TENANTAA", "https://example.com/menu?a=1&b=é", true,
                Instant.parse("2027-01-01T00:00:00Z"), false, 5000L);
        Route plain = new Route("8K3M9Q2X", "TENANTAA", "https://example.com/", false, null, true, null);

        routes.put("MENU", route);
        routes.put("OLD", plain);
        routes.put("NOPE", Route.UNKNOWN);

        RedisSharedRoutes other = new RedisSharedRoutes(b);
        assertEquals(route, other.get("MENU"));
        assertEquals(plain, other.get("OLD"));
        assertEquals(Route.UNKNOWN, other.get("NOPE"));
        assertNull(other.get("NEVER"));
        long unknownTtl = a.sync().pttl(a.key("route:NOPE"));
        assertTrue(unknownTtl > 0 && unknownTtl <= RedisSharedRoutes.UNKNOWN_TTL.toMillis(), "an unknown slug is kept briefly: " + unknownTtl);
        assertNull(RedisSharedRoutes.decode("2\u001Fsomething a later version wrote"), "an entry of another version is read from the store");
    }

    @Test
    void changeBus_anotherInstanceHearsTheChange_andNobodyHearsItself() {
        Heard heardByA = new Heard();
        Heard heardByB = new Heard();
        try (RedisChangeBus busA = new RedisChangeBus(a); RedisChangeBus busB = new RedisChangeBus(b)) {
            busA.subscribe(heardByA);
            busB.subscribe(heardByB);
            await(() -> busA.subscribed() && busB.subscribed());

            busA.publish("MENU");

            await(() -> heardByB.changed.contains("MENU"));
            RedisServer.sleep(100);
            assertEquals(List.of(), heardByA.changed);
        }
    }

    @Test
    void changeBus_keyRevoked_reachesEveryListenerOfTheOthersAsARevocationOnly() {
        Heard routesOnB = new Heard();
        Heard keysOnB = new Heard();
        Heard heardByA = new Heard();
        try (RedisChangeBus busA = new RedisChangeBus(a); RedisChangeBus busB = new RedisChangeBus(b)) {
            busA.subscribe(heardByA);
            busB.subscribe(routesOnB);
            busB.subscribe(keysOnB);
            await(() -> busA.subscribed() && busB.subscribed());

            busA.publishKeyRevoked("qk_abcdef12");
            busA.publish("MENU");

            await(() -> keysOnB.changed.contains("MENU") && routesOnB.changed.contains("MENU"));
            assertEquals(List.of("qk_abcdef12"), keysOnB.revoked);
            assertEquals(List.of("qk_abcdef12"), routesOnB.revoked);
            assertEquals(List.of("MENU"), keysOnB.changed, "a revocation is not a route change");
            RedisServer.sleep(100);
            assertEquals(List.of(), heardByA.revoked);
        }
    }

    @Test
    void twoInstances_changeOnA_nextLoadOnBReadsItFromRedisNotTheStore() {
        Code menu = StoreSamples.code(StoreSamples.TENANT_A, 1).slug("menu").build();
        SlugLookupStore store = new SlugLookupStore(Map.of("MENU", menu));
        try (RedisChangeBus busA = new RedisChangeBus(a); RedisChangeBus busB = new RedisChangeBus(b)) {
            RouteCache cacheA = new RouteCache(store, 100, Duration.ofMinutes(5), Duration.ofSeconds(10), r -> { },
                    new RedisSharedRoutes(a), busA);
            RouteCache cacheB = new RouteCache(store, 100, Duration.ofMinutes(5), Duration.ofSeconds(10), r -> { },
                    new RedisSharedRoutes(b), busB);
            await(() -> busA.subscribed() && busB.subscribed());
            assertEquals(menu.destination(), cacheB.load("MENU").destination());
            assertEquals(1, store.reads.get());

            Code moved = StoreSamples.CodeBuilder.from(menu).destination("https://example.org/dinner").build();
            cacheA.changed(moved);

            await(() -> cacheB.cached("MENU") == null);
            assertEquals("https://example.org/dinner", cacheB.load("MENU").destination());
            assertEquals(1, store.reads.get(), "B read the new route from Redis, not from the store");
        }
    }

    @Test
    void redisDown_callsFailFast_publishDoesNotThrow_andEverythingRecoversWhenItIsBack() {
        RedisSharedRoutes routes = new RedisSharedRoutes(a);
        routes.put("MENU", Route.UNKNOWN);
        Heard heard = new Heard();
        try (RedisChangeBus busA = new RedisChangeBus(a); RedisChangeBus busB = new RedisChangeBus(b)) {
            busB.subscribe(heard);
            await(busB::subscribed);
            int resyncs = heard.resynchronised.get();

            server.stop();

            long started = System.nanoTime();
            assertThrows(RuntimeException.class, () -> routes.get("MENU"));
            assertThrows(RuntimeException.class, () -> routes.put("MENU", Route.UNKNOWN));
            busA.publish("MENU");
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(tookMillis < 3 * Redis.COMMAND_TIMEOUT.toMillis() + 500, "nothing waits long on a dead Redis: " + tookMillis + " ms");
            assertFalse(a.ping());

            server.start();

            await(() -> a.ping());
            routes.put("MENU", Route.UNKNOWN);
            assertEquals(Route.UNKNOWN, routes.get("MENU"));
            await(() -> heard.resynchronised.get() > resyncs);
            await(busB::subscribed);
            busA.publish("AGAIN");
            await(() -> heard.changed.contains("AGAIN"));
        }
    }

    @Test
    void redisDownAtStart_theBusSubscribesOnceItIsUp() {
        server.stop();
        Heard heard = new Heard();
        try (Redis late = Redis.of(server.url(), "qrly-test:"); RedisChangeBus bus = new RedisChangeBus(late);
                RedisChangeBus publisher = new RedisChangeBus(a)) {
            bus.subscribe(heard);
            RedisServer.sleep(300);
            assertFalse(bus.subscribed());

            server.start();

            await(bus::subscribed);
            await(() -> a.ping());
            publisher.publish("LATE");
            await(() -> heard.changed.contains("LATE"));
        }
    }

    @Test
    void of_badUrl_isRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Redis.of("http//nowhere", "x:"));
        assertTrue(e.getMessage().contains("http//nowhere"), e.getMessage());
    }

    /** What a listener was told. */
    private static final class Heard implements ChangeBus.Listener {
        final List<String> changed = new CopyOnWriteArrayList<>();
        final List<String> revoked = new CopyOnWriteArrayList<>();
        final AtomicInteger resynchronised = new AtomicInteger();

        @Override
        public void keyRevoked(String keyPrefix) {
            revoked.add(keyPrefix);
        }

        @Override
        public void changed(String slugKey) {
            changed.add(slugKey);
        }

        @Override
        public void resynchronise() {
            resynchronised.incrementAndGet();
        }
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 15 s");
            }
            RedisServer.sleep(10);
        }
    }
}
