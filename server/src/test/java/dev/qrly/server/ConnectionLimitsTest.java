package dev.qrly.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConnectionLimitsTest {

    @Test
    void defaultMaxConnections_leavesAReserveOfATenth_between128And1024() {
        assertEquals(100, ConnectionLimits.defaultMaxConnections(200), "under 256: half");
        assertEquals(272, ConnectionLimits.defaultMaxConnections(400), "a reserve of 128 at least");
        assertEquals(4_500, ConnectionLimits.defaultMaxConnections(5_000), "a tenth");
        assertEquals(20_000 - 1_024, ConnectionLimits.defaultMaxConnections(20_000), "a reserve of 1,024 at most");
        assertEquals(1_048_576 - 1_024, ConnectionLimits.defaultMaxConnections(1_048_576), "a reserve of 1,024 at most");
        assertEquals(10_000, ConnectionLimits.defaultMaxConnections(-1), "unknown");
    }

    @Test
    void constructor_refusesNonPositiveTimeoutsAndCaps() {
        Duration second = Duration.ofSeconds(1);
        assertThrows(IllegalArgumentException.class, () -> new ConnectionLimits(Duration.ZERO, second, second, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ConnectionLimits(second, second, second, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ConnectionLimits(second, second, second, 1, 0));
    }
}
