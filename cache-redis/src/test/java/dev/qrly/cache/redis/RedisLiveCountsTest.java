package dev.qrly.cache.redis;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Live counts through a real redis-server: copies of the store's totals that only grow, shared by the instances. */
class RedisLiveCountsTest extends TwoInstances {

    @Test
    void offerOnA_readOnB_onlyTheCodesOffered() {
        new RedisLiveCounts(a).offer(Map.of("CODE00000001", 5L, "CODE00000002", 0L));

        RedisServer.await(() -> new RedisLiveCounts(b).read(List.of("CODE00000001")).containsKey("CODE00000001"));
        assertEquals(Map.of("CODE00000001", 5L, "CODE00000002", 0L),
                new RedisLiveCounts(b).read(List.of("CODE00000001", "CODE00000002", "NEVEROFFERED", "CODE00000001")));
        assertEquals(Map.of(), new RedisLiveCounts(b).read(List.of()));
    }

    @Test
    void offer_lowerThanKept_isIgnored_soOrderDoesNotMatter() {
        RedisLiveCounts onA = new RedisLiveCounts(a);
        RedisLiveCounts onB = new RedisLiveCounts(b);
        onA.offer(Map.of("CODE00000001", 9L));
        RedisServer.await(() -> onB.read(List.of("CODE00000001")).getOrDefault("CODE00000001", 0L) == 9L);

        onB.offer(Map.of("CODE00000001", 7L, "CODE00000002", 3L)); // read from the store before A's write
        RedisServer.await(() -> onA.read(List.of("CODE00000002")).containsKey("CODE00000002"));

        assertEquals(Map.of("CODE00000001", 9L, "CODE00000002", 3L), onA.read(List.of("CODE00000001", "CODE00000002")));
        onB.offer(Map.of("CODE00000001", 12L));
        RedisServer.await(() -> onA.read(List.of("CODE00000001")).get("CODE00000001") == 12L);
    }

    @Test
    void offer_keepsACountADayAfterItsLastOffer() {
        new RedisLiveCounts(a).offer(Map.of("CODE00000001", 4L));
        RedisServer.await(() -> a.sync().exists(a.key("humans:CODE00000001")) == 1);

        long ttl = a.sync().pttl(a.key("humans:CODE00000001"));

        assertTrue(ttl > RedisLiveCounts.TTL.toMillis() - 60_000 && ttl <= RedisLiveCounts.TTL.toMillis(), "ttl " + ttl);
    }

    @Test
    void redisDown_offerDoesNotThrow_readThrowsForTheCallerToAskTheStore() {
        server.stop();

        assertDoesNotThrow(() -> new RedisLiveCounts(a).offer(Map.of("CODE00000001", 4L)));
        assertThrows(RuntimeException.class, () -> new RedisLiveCounts(a).read(List.of("CODE00000001")));
    }
}
