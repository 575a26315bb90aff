package dev.qrly.core.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    @Test
    void generate_hasThePrefixAndMatchesItsHashOnly() {
        String key = ApiKeys.generate(new SecureRandom());
        assertTrue(key.startsWith("qrly_"));
        String prefix = ApiKeys.prefixOf(key);
        assertEquals(8, prefix.length());
        byte[] hash = ApiKeys.hash(key);
        assertEquals(32, hash.length);
        assertTrue(ApiKeys.matches(key, hash));
        assertFalse(ApiKeys.matches(key.substring(0, key.length() - 1) + (key.endsWith("a") ? "b" : "a"), hash));
    }

    @Test
    void prefixOf_malformed_isNull() {
        assertNull(ApiKeys.prefixOf(null));
        assertNull(ApiKeys.prefixOf(""));
        assertNull(ApiKeys.prefixOf("qrly_abc"));
        assertNull(ApiKeys.prefixOf("qrly_ABCDEFGH_" + "a".repeat(32)));
        assertNull(ApiKeys.prefixOf("qrly_abcdefgh-" + "a".repeat(32)));
        assertNull(ApiKeys.prefixOf("qrly_abcdefgh_" + "0".repeat(32)), "0 is not in the alphabet");
    }
}
