package dev.qrly.core.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.random.RandomGenerator;

/**
 * The format of API keys: {@code qrly_<prefix>_<secret>}, where the prefix (8 characters) names the
 * key in lists and logs and the secret carries 160 random bits. Only a SHA-256 hash of the whole
 * key is stored; a presented key is found by its prefix and checked in constant time.
 */
public final class ApiKeys {

    private static final String ALPHABET = "23456789abcdefghijkmnpqrstuvwxyz"; // 32 symbols, 5 bits each
    private static final String MARK = "qrly_";
    private static final int PREFIX_LENGTH = 8;
    private static final int SECRET_LENGTH = 32; // 160 bits

    private ApiKeys() {}

    /** A new key with a fresh prefix and secret, from a cryptographically strong generator. */
    public static String generate(RandomGenerator random) {
        return MARK + draw(random, PREFIX_LENGTH) + "_" + draw(random, SECRET_LENGTH);
    }

    /** The prefix of a key of the right shape, or null if the text is not one. */
    public static String prefixOf(String key) {
        if (key == null || key.length() != MARK.length() + PREFIX_LENGTH + 1 + SECRET_LENGTH || !key.startsWith(MARK)
                || key.charAt(MARK.length() + PREFIX_LENGTH) != '_') {
            return null;
        }
        for (int i = MARK.length(); i < key.length(); i++) {
            if (i != MARK.length() + PREFIX_LENGTH && ALPHABET.indexOf(key.charAt(i)) < 0) {
                return null;
            }
        }
        return key.substring(MARK.length(), MARK.length() + PREFIX_LENGTH);
    }

    /** SHA-256 of the whole key. */
    public static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Whether the key matches the stored hash, in time independent of where they differ. */
    public static boolean matches(String key, byte[] storedHash) {
        return MessageDigest.isEqual(hash(key), storedHash);
    }

    private static String draw(RandomGenerator random, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return new String(chars);
    }

    static String newTenantId(RandomGenerator random) {
        return "t_" + draw(random, 10);
    }
}
