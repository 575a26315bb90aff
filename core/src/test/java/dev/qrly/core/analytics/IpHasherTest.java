package dev.qrly.core.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IpHasherTest {

    private static byte[] sequence(int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    /** The reference vectors of the SipHash paper: key 00..0f, messages 00..(n-1). */
    @Test
    void sipHash24_referenceVectors() {
        IpHasher hasher = new IpHasher(sequence(16));
        assertEquals(0x726fdb47dd0e0e31L, hasher.sipHash24(new byte[0]));
        assertEquals(0x74f839c593dc67fdL, hasher.sipHash24(sequence(1)));
        assertEquals(0xa129ca6149be45e5L, hasher.sipHash24(sequence(15)));
    }

    @Test
    void hash_sameAddressSameKey_isStable_otherKey_differs() {
        IpHasher one = new IpHasher(sequence(32));
        IpHasher other = new IpHasher(IpHasher.newKey());
        assertEquals(one.hash("203.0.113.7"), new IpHasher(sequence(32)).hash("203.0.113.7"));
        assertNotEquals(one.hash("203.0.113.7"), other.hash("203.0.113.7"));
    }

    @Test
    void hash_everyIpv4OfASlash16_noCollisions() {
        IpHasher hasher = new IpHasher(IpHasher.newKey());
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 65_536; i++) {
            seen.add(hasher.hash("198.51." + (i >> 8) + "." + (i & 0xFF)));
        }
        assertEquals(65_536, seen.size());
    }

    @Test
    void constructor_shortKey_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> new IpHasher(new byte[15]));
    }
}
