package dev.qrly.core.tenant;

import java.time.Instant;
import java.util.Optional;

/** Port: where tenants and their API keys are kept. */
public interface TenantStore {

    /** Stores a new tenant; its id is unique. */
    void insertTenant(Tenant tenant);

    Optional<Tenant> findTenant(String id);

    /** Stores a new key; its prefix is unique. */
    void insertKey(ApiKey key);

    /** The key with this prefix, revoked or not. */
    Optional<ApiKey> findKey(String prefix);

    /**
     * Marks the key revoked at {@code at}, if it exists and is not revoked yet, unless it is the
     * last active admin key: nobody could then administer the service. Two revocations at once
     * cannot together revoke the last two.
     *
     * @return whether a key was revoked
     * @throws dev.qrly.core.DomainException (CONFLICT, {@code last_admin_key}) if it is the last active admin key
     */
    boolean revokeKey(String prefix, Instant at);

    /** The tenant of the first admin key ever issued (revoked or not): the default tenant; empty before the first start. */
    Optional<String> defaultTenant();

    /** Whether any key has ever been issued: the first start issues the admin key. */
    boolean anyKey();

    /**
     * The installation's secret of this name, such as the key that hashes client addresses:
     * {@code proposed} is stored first when there is none yet, so every instance that shares the
     * store, and every later start, gets the same bytes. When instances propose at once, one
     * proposal wins and all of them get it.
     *
     * @param at when a secret stored now is said to be made
     */
    byte[] installationSecret(String name, byte[] proposed, Instant at);
}
