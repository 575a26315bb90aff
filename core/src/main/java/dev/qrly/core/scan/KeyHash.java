package dev.qrly.core.scan;

import java.security.SecureRandom;

/**
 * A keyed 64-bit hash of a key or a pair of keys, without allocating: SipHash-1-3 (Aumasson and
 * Bernstein; the variant Rust's hash maps use against hash flooding) over the keys' UTF-16 code
 * units, four to a 64-bit word. With a secret 128-bit key drawn per instance, a client cannot
 * choose addresses that collide, so it cannot aim at another client's bucket.
 *
 * <p>The first word holds both lengths, so {@code ("ab", "c")}, {@code ("a", "bc")} and
 * {@code "abc"} hash apart.
 */
final class KeyHash {

    private final long k0;
    private final long k1;

    /** With a key drawn from {@link SecureRandom}. */
    KeyHash() {
        this(new SecureRandom());
    }

    KeyHash(SecureRandom random) {
        this(random.nextLong(), random.nextLong());
    }

    /** With a chosen key (tests). */
    KeyHash(long k0, long k1) {
        this.k0 = k0;
        this.k1 = k1;
    }

    /** The hash of one key. */
    long of(String key) {
        return of(key, null);
    }

    /**
     * The hash of a pair, or of {@code first} alone when {@code second} is null.
     *
     * @throws NullPointerException if {@code first} is null
     */
    long of(String first, String second) {
        int n1 = first.length();
        int total = n1 + (second == null ? 0 : second.length());
        long v0 = k0 ^ 0x736f6d6570736575L;
        long v1 = k1 ^ 0x646f72616e646f6dL;
        long v2 = k0 ^ 0x6c7967656e657261L;
        long v3 = k1 ^ 0x7465646279746573L;
        // word 0: the lengths; words 1 to last: the code units, four a word, the last zero-padded
        int words = 2 + total / 4;
        for (int w = 0; w <= words; w++) {
            long m;
            int rounds;
            if (w == words) {
                // finalisation: no word, three rounds
                m = 0;
                rounds = 3;
                v2 ^= 0xff;
            } else {
                if (w == 0) {
                    m = (long) n1 << 32 | (second == null ? 0xFFFFFFFFL : second.length());
                } else {
                    m = 0;
                    int from = (w - 1) * 4;
                    int to = Math.min(from + 4, total);
                    for (int i = from; i < to; i++) {
                        long unit = i < n1 ? first.charAt(i) : second.charAt(i - n1);
                        m |= unit << ((i - from) * 16);
                    }
                }
                v3 ^= m;
                rounds = 1;
            }
            for (int r = 0; r < rounds; r++) {
                v0 += v1;
                v1 = Long.rotateLeft(v1, 13);
                v1 ^= v0;
                v0 = Long.rotateLeft(v0, 32);
                v2 += v3;
                v3 = Long.rotateLeft(v3, 16);
                v3 ^= v2;
                v0 += v3;
                v3 = Long.rotateLeft(v3, 21);
                v3 ^= v0;
                v2 += v1;
                v1 = Long.rotateLeft(v1, 17);
                v1 ^= v2;
                v2 = Long.rotateLeft(v2, 32);
            }
            v0 ^= m;
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }
}
