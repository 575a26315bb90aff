package dev.qrly.core.analytics;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Client addresses as keyed hashes (HMAC-SHA256 cut to 64 bits), so that unique scanners can be
 * counted without keeping addresses. The key is the installation's secret: without it, the hash of
 * an address cannot be recomputed by trying all 2^32 IPv4 addresses, as a plain hash could.
 * 64 bits make a collision between two scanners of one code on one day vanishingly rare.
 */
public final class IpHasher {

    public static final int KEY_BYTES = 32;

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    public IpHasher(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("the address hashing key needs at least 16 bytes, not " + secret.length);
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** A fresh random key of {@link #KEY_BYTES} bytes. */
    public static byte[] newKey() {
        byte[] secret = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(secret);
        return secret;
    }

    public long hash(String ip) {
        byte[] digest = macs.get().doFinal(ip.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(digest).getLong();
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
