package dev.qrly.core.tenant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.qrly.core.DomainException;
import dev.qrly.core.scan.ChangeBus;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Tenants and API keys: the first start's admin key, authentication of every API request, and the
 * admin operations.
 *
 * <p>Authentication hashes the presented key and compares it with the stored hash; a successful
 * check is remembered for a short while (keyed by the key's hash, never the key) so that an API
 * client does not cost a store read per request. Revocation evicts at once on this instance; the
 * remembered entries expire after {@link #AUTH_CACHE_TTL} on others.
 */
public final class AccessService {

    /** How long a verified key is trusted without asking the store again. */
    public static final Duration AUTH_CACHE_TTL = Duration.ofSeconds(30);
    /** The tenant the first key belongs to. */
    public static final String DEFAULT_TENANT_NAME = "default";

    private static final int MAX_NAME_LENGTH = 100;

    private final TenantStore store;
    private final Clock clock;
    private final RandomGenerator random;
    private final Cache<String, Principal> verified;
    private final ChangeBus bus;

    /** One instance alone: a revocation takes effect here at once, and there is nobody to tell. */
    public AccessService(TenantStore store, Clock clock, RandomGenerator random) {
        this(store, clock, random, ChangeBus.LOCAL);
    }

    /**
     * Access for one of several instances: a key revoked here is announced on {@code bus}, and one
     * revoked by another instance is forgotten here as soon as its announcement arrives (within
     * {@link #AUTH_CACHE_TTL} if the announcement is lost).
     */
    public AccessService(TenantStore store, Clock clock, RandomGenerator random, ChangeBus bus) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.bus = Objects.requireNonNull(bus, "bus");
        this.verified = Caffeine.newBuilder().executor(Runnable::run).maximumSize(10_000).expireAfterWrite(AUTH_CACHE_TTL).build();
        bus.subscribe(new ChangeBus.Listener() {
            @Override
            public void changed(String slugKey) {
                // routes are the route cache's business
            }

            @Override
            public void resynchronise() {
                verified.invalidateAll();
            }

            @Override
            public void keyRevoked(String keyPrefix) {
                forget(keyPrefix);
            }
        });
    }

    /**
     * On a store without keys, creates the default tenant and its admin key: the configured one
     * when given (it must have the shape of a key), else a new one.
     *
     * @return the key to show once, when this call created one
     * @throws DomainException ({@code QR_API_KEY}) if the configured key is malformed
     */
    public Optional<String> bootstrap(Optional<String> configuredKey) {
        if (store.anyKey()) {
            return Optional.empty();
        }
        String key = configuredKey.orElseGet(() -> ApiKeys.generate(random));
        String prefix = ApiKeys.prefixOf(key);
        if (prefix == null) {
            throw DomainException.invalid("QR_API_KEY", "QR_API_KEY must look like a key this service issues: "
                    + "qrly_ then 8 characters, _ and 32 characters from [2-9a-km-np-z]; leave it unset to have one generated");
        }
        Tenant tenant = new Tenant(ApiKeys.newTenantId(random), DEFAULT_TENANT_NAME, clock.instant());
        store.insertTenant(tenant);
        store.insertKey(new ApiKey(prefix, tenant.id(), ApiKeys.hash(key), true, clock.instant(), null));
        return Optional.of(key);
    }

    /**
     * What to tell the operator about {@code QR_API_KEY} when the store already had keys before this
     * start ({@link #bootstrap} then ignores it): nothing when the store knows it as an active key;
     * otherwise one line saying why it is not a key of this service, and how to get one.
     */
    public Optional<String> configuredKeyNote(String configuredKey) {
        String prefix = ApiKeys.prefixOf(configuredKey);
        ApiKey key = prefix == null ? null : store.findKey(prefix).orElse(null);
        String why;
        if (key == null || !ApiKeys.matches(configuredKey, key.hash())) {
            why = "is not a key of this store, which has keys already, so it was not registered";
        } else if (key.revoked()) {
            why = "is a revoked key";
        } else {
            return Optional.empty();
        }
        return Optional.of("QR_API_KEY " + why + "; `qr admin-key` (with this service stopped) issues a new admin key");
    }

    /**
     * Issues a new admin key of the default tenant, for an operator locked out (every admin key
     * lost or revoked): what {@code qr admin-key} does, offline. On a store without keys it is the
     * first start's key.
     *
     * @return the new key, to show once
     */
    public String issueAdminKey() {
        Optional<String> tenant = store.defaultTenant();
        if (tenant.isEmpty()) {
            return bootstrap(Optional.empty()).orElseThrow(() -> new IllegalStateException(
                    "the store has keys but no admin key ever issued"));
        }
        return issueKey(tenant.get(), true);
    }

    /**
     * The principal of a presented key.
     *
     * @throws DomainException (unauthenticated) if the key is missing, malformed, unknown or revoked
     */
    public Principal authenticate(String presentedKey) {
        String prefix = ApiKeys.prefixOf(presentedKey);
        if (prefix == null) {
            throw DomainException.unauthenticated(presentedKey == null || presentedKey.isEmpty()
                    ? "an API key is required: send Authorization: Bearer <key>"
                    : "the API key is malformed");
        }
        String cacheKey = java.util.HexFormat.of().formatHex(ApiKeys.hash(presentedKey));
        Principal cached = verified.getIfPresent(cacheKey);
        if (cached != null) {
            return cached;
        }
        ApiKey key = store.findKey(prefix).orElse(null);
        if (key == null || key.revoked() || !ApiKeys.matches(presentedKey, key.hash())) {
            throw DomainException.unauthenticated("the API key is not valid");
        }
        Principal principal = new Principal(key.tenantId(), key.prefix(), key.admin());
        verified.put(cacheKey, principal);
        return principal;
    }

    /**
     * The principal of a key known by its prefix alone, for a caller that proved the whole key
     * before (a dashboard session): answers only while the key is not revoked. Remembered like
     * {@link #authenticate}, and evicted with it on revocation.
     *
     * @throws DomainException (unauthenticated) if the key is unknown or revoked
     */
    public Principal resume(String prefix) {
        String cacheKey = "prefix:" + prefix;
        Principal cached = verified.getIfPresent(cacheKey);
        if (cached != null) {
            return cached;
        }
        ApiKey key = store.findKey(prefix).orElse(null);
        if (key == null || key.revoked()) {
            throw DomainException.unauthenticated("the API key of this session has been revoked; sign in again");
        }
        Principal principal = new Principal(key.tenantId(), key.prefix(), key.admin());
        verified.put(cacheKey, principal);
        return principal;
    }

    /** The caller's own tenant. */
    public Tenant tenantOf(Principal caller) {
        return store.findTenant(caller.tenantId())
                .orElseThrow(() -> DomainException.unauthenticated("the tenant of this key no longer exists"));
    }

    /** What creating a tenant returns: the tenant and its first key, shown this once. */
    public record NewTenant(Tenant tenant, String apiKey) {}

    /** Creates a tenant with one (non-admin) key. Admin only. */
    public NewTenant createTenant(Principal caller, String name) {
        requireAdmin(caller);
        if (name == null || name.isBlank()) {
            throw DomainException.invalid("name", "name is required");
        }
        String trimmed = name.strip();
        if (trimmed.length() > MAX_NAME_LENGTH || trimmed.chars().anyMatch(Character::isISOControl)) {
            throw DomainException.invalid("name", "name must be 1 to " + MAX_NAME_LENGTH + " characters without control characters");
        }
        Tenant tenant = new Tenant(ApiKeys.newTenantId(random), trimmed, clock.instant());
        store.insertTenant(tenant);
        return new NewTenant(tenant, issueKey(tenant.id(), false));
    }

    /** Issues a further (non-admin) key for a tenant. Admin only; an unknown tenant is not found. */
    public String createKey(Principal caller, String tenantId) {
        requireAdmin(caller);
        store.findTenant(tenantId).orElseThrow(() -> DomainException.notFound("no tenant " + tenantId));
        return issueKey(tenantId, false);
    }

    /**
     * Revokes a key by its prefix. Admin only; an unknown or already revoked key is not found; the
     * last active admin key is refused (409 {@code last_admin_key}): nobody could administer the
     * service after it.
     */
    public void revokeKey(Principal caller, String prefix) {
        requireAdmin(caller);
        if (!store.revokeKey(prefix, clock.instant())) {
            throw DomainException.notFound("no active key with prefix " + prefix);
        }
        forget(prefix);
        bus.publishKeyRevoked(prefix);
    }

    /** Forgets that the key with this prefix was verified: its next use asks the store. */
    private void forget(String prefix) {
        verified.asMap().values().removeIf(p -> p.keyPrefix().equals(prefix));
    }

    private String issueKey(String tenantId, boolean admin) {
        String key = ApiKeys.generate(random);
        store.insertKey(new ApiKey(ApiKeys.prefixOf(key), tenantId, ApiKeys.hash(key), admin, clock.instant(), null));
        return key;
    }

    private static void requireAdmin(Principal caller) {
        if (!caller.admin()) {
            throw DomainException.forbidden("this needs an admin key");
        }
    }
}
