package dev.qrly.core.scan;

import java.time.Clock;
import java.util.UUID;
import java.util.random.RandomGenerator;

/** UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits; ids sort by time. */
public final class UuidV7 {

    private UuidV7() {}

    public static UUID next(Clock clock, RandomGenerator random) {
        long millis = clock.millis();
        long high = millis << 16 | 0x7000L | random.nextInt(1 << 12);
        long low = random.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
