package dev.qrly.core.tenant;

import java.util.Objects;

/**
 * Who a request acts as: the tenant of the API key it presented, and whether that key is an admin key.
 *
 * @param tenantId not null
 * @param keyPrefix the public prefix of the key used, recorded in histories; not null
 * @param admin whether the key may manage tenants and keys
 */
public record Principal(String tenantId, String keyPrefix, boolean admin) {

    public Principal {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
    }
}
