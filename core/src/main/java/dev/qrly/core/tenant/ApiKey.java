package dev.qrly.core.tenant;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored API key: never the key itself, only its public prefix and a SHA-256 hash of the
 * whole key. Keys are 160-bit random tokens, so a fast hash is enough; there is nothing to guess.
 *
 * @param prefix the public part that identifies the key, unique; not null
 * @param tenantId the tenant the key acts for; not null
 * @param hash SHA-256 of the whole key, 32 bytes; not null
 * @param admin whether the key may manage tenants and keys
 * @param createdAt when it was issued; not null
 * @param revokedAt when it was revoked, or null while it is valid
 */
public record ApiKey(String prefix, String tenantId, byte[] hash, boolean admin, Instant createdAt, Instant revokedAt) {

    public ApiKey {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(createdAt, "createdAt");
        hash = hash.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiKey k && prefix.equals(k.prefix) && tenantId.equals(k.tenantId)
                && java.util.Arrays.equals(hash, k.hash) && admin == k.admin && createdAt.equals(k.createdAt)
                && Objects.equals(revokedAt, k.revokedAt);
    }

    @Override
    public int hashCode() {
        return prefix.hashCode();
    }

    @Override
    public String toString() {
        return "ApiKey[" + prefix + ", tenant " + tenantId + (admin ? ", admin" : "") + (revokedAt != null ? ", revoked" : "") + "]";
    }
}
