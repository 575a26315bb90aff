package dev.qrly.core;

import static dev.qrly.core.StoreSamples.T0;
import static dev.qrly.core.StoreSamples.TENANT_A;
import static dev.qrly.core.StoreSamples.TENANT_B;
import static dev.qrly.core.StoreSamples.key;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.core.tenant.ApiKey;
import dev.qrly.core.tenant.Tenant;
import dev.qrly.core.tenant.TenantStore;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link TenantStore}. A duplicate tenant id or key prefix is a programming error (ids and
 * prefixes are random): the store throws some {@link RuntimeException} and keeps what it had.
 */
public interface TenantStoreContract extends StorageFixture {

    private TenantStore tenants() {
        return storage().tenants();
    }

    @Test
    default void insertTenant_unicodeName_roundTrips() {
        Tenant tenant = new Tenant("T3NANT01", "Bäckerei Müller & Söhne 🥨", T0);

        tenants().insertTenant(tenant);

        assertEquals(Optional.of(tenant), tenants().findTenant("T3NANT01"));
    }

    @Test
    default void insertTenant_idTaken_throwsAndKeepsTheFirst() {
        Tenant first = new Tenant("T3NANT01", "First", T0);
        tenants().insertTenant(first);

        assertThrows(RuntimeException.class, () -> tenants().insertTenant(new Tenant("T3NANT01", "Second", T0)));

        assertEquals(Optional.of(first), tenants().findTenant("T3NANT01"));
    }

    @Test
    default void findTenant_unknownId_isEmpty() {
        assertEquals(Optional.empty(), tenants().findTenant("NOSUCH01"));
    }

    @Test
    default void insertKey_everyByteValueInHash_roundTripsIntact() {
        givenTenants(TENANT_A);
        byte[] hash = new byte[32];
        for (int i = 0; i < hash.length; i++) {
            hash[i] = (byte) (i * 8 + (i % 2 == 0 ? 0 : 0x80));
        }
        hash[0] = 0;
        hash[31] = (byte) 0xFF;
        ApiKey key = new ApiKey("qk_admin01", TENANT_A, hash, true, T0, null);

        tenants().insertKey(key);

        ApiKey found = tenants().findKey("qk_admin01").orElseThrow();
        assertEquals(key, found);
        assertArrayEquals(hash, found.hash());
        assertTrue(found.admin());
        assertFalse(found.revoked());
    }

    @Test
    default void insertKey_alreadyRevoked_roundTripsRevokedAt() {
        givenTenants(TENANT_A);
        ApiKey key = new ApiKey("qk_old", TENANT_A, new byte[32], false, T0, T0.plusSeconds(3));

        tenants().insertKey(key);

        assertEquals(Optional.of(key), tenants().findKey("qk_old"));
    }

    @Test
    default void insertKey_prefixTaken_throwsAndKeepsTheFirst() {
        givenTenants(TENANT_A);
        ApiKey first = key("qk_dup", TENANT_A);
        tenants().insertKey(first);

        assertThrows(RuntimeException.class,
                () -> tenants().insertKey(new ApiKey("qk_dup", TENANT_A, new byte[32], true, T0.plusSeconds(1), null)));

        assertEquals(Optional.of(first), tenants().findKey("qk_dup"));
    }

    @Test
    default void findKey_unknownPrefix_isEmpty() {
        assertEquals(Optional.empty(), tenants().findKey("qk_none"));
    }

    @Test
    default void findKey_prefixInOtherCase_isEmpty() {
        givenTenants(TENANT_A);
        tenants().insertKey(key("qk_case", TENANT_A));

        assertEquals(Optional.empty(), tenants().findKey("QK_CASE"));
    }

    @Test
    default void revokeKey_validKey_trueOnceThenFalse() {
        givenTenants(TENANT_A);
        ApiKey key = key("qk_live", TENANT_A);
        tenants().insertKey(key);

        assertTrue(tenants().revokeKey("qk_live", T0.plusSeconds(10)));
        assertFalse(tenants().revokeKey("qk_live", T0.plusSeconds(20)));

        ApiKey found = tenants().findKey("qk_live").orElseThrow();
        assertEquals(T0.plusSeconds(10), found.revokedAt());
        assertArrayEquals(key.hash(), found.hash());
    }

    @Test
    default void revokeKey_unknownPrefix_isFalse() {
        assertFalse(tenants().revokeKey("qk_none", T0));
    }

    @Test
    default void revokeKey_instantFinerThanMillis_isTruncated() {
        givenTenants(TENANT_A);
        tenants().insertKey(key("qk_fine", TENANT_A));

        tenants().revokeKey("qk_fine", T0.plusNanos(999_999));

        assertEquals(T0, tenants().findKey("qk_fine").orElseThrow().revokedAt());
    }

    private static ApiKey admin(String prefix, String tenantId, long second) {
        ApiKey key = key(prefix, tenantId);
        return new ApiKey(prefix, tenantId, key.hash(), true, T0.plusSeconds(second), null);
    }

    @Test
    default void revokeKey_lastActiveAdminKey_isRefused_untilAnotherIsIssued() {
        givenTenants(TENANT_A);
        tenants().insertKey(admin("qk_admin1", TENANT_A, 0));
        tenants().insertKey(key("qk_user", TENANT_A));

        DomainException refused = assertThrows(DomainException.class, () -> tenants().revokeKey("qk_admin1", T0.plusSeconds(5)));
        assertEquals(DomainException.Kind.CONFLICT, refused.kind());
        assertEquals("last_admin_key", refused.code());
        assertNull(tenants().findKey("qk_admin1").orElseThrow().revokedAt(), "refused: nothing changed");
        assertTrue(tenants().revokeKey("qk_user", T0.plusSeconds(5)), "a non-admin key is revoked as ever");

        tenants().insertKey(admin("qk_admin2", TENANT_A, 10));
        assertTrue(tenants().revokeKey("qk_admin1", T0.plusSeconds(20)));
        assertThrows(DomainException.class, () -> tenants().revokeKey("qk_admin2", T0.plusSeconds(30)));
    }

    @Test
    default void defaultTenant_isTheFirstAdminKeysTenant_revokedOrNot() {
        assertEquals(Optional.empty(), tenants().defaultTenant());
        givenTenants(TENANT_A, TENANT_B);
        tenants().insertKey(key("qk_user", TENANT_B));
        assertEquals(Optional.empty(), tenants().defaultTenant(), "no admin key yet");

        tenants().insertKey(admin("qk_first", TENANT_A, 1));
        tenants().insertKey(admin("qk_later", TENANT_B, 2));
        tenants().revokeKey("qk_first", T0.plusSeconds(3));

        assertEquals(Optional.of(TENANT_A), tenants().defaultTenant());
    }

    @Test
    default void anyKey_emptyStore_isFalse() {
        assertFalse(tenants().anyKey());
    }

    @Test
    default void anyKey_tenantWithoutKeys_isFalse() {
        givenTenants(TENANT_A);

        assertFalse(tenants().anyKey());
    }

    @Test
    default void anyKey_afterOneIssued_isTrueEvenOnceRevoked() {
        givenTenants(TENANT_A);
        tenants().insertKey(key("qk_first", TENANT_A));

        assertTrue(tenants().anyKey());
        tenants().revokeKey("qk_first", T0.plusSeconds(1));
        assertTrue(tenants().anyKey());
    }

    @Test
    default void installationSecret_first_storesTheProposal() {
        byte[] proposed = new byte[32];
        for (int i = 0; i < proposed.length; i++) {
            proposed[i] = (byte) (0xFF - i * 7);
        }

        assertArrayEquals(proposed, tenants().installationSecret("ip-hash", proposed, T0));
    }

    @Test
    default void installationSecret_again_keepsTheFirstAcrossReopen() {
        byte[] first = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        tenants().installationSecret("ip-hash", first, T0);

        byte[] second = reopen().tenants().installationSecret("ip-hash", new byte[16], T0);

        assertArrayEquals(first, second);
    }

    @Test
    default void installationSecret_otherName_isItsOwn() {
        tenants().installationSecret("ip-hash", new byte[] {1}, T0);

        assertArrayEquals(new byte[] {2}, tenants().installationSecret("other", new byte[] {2}, T0));
    }

    @Test
    default void installationSecret_proposedAtOnce_everyoneGetsTheSame() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            java.util.List<java.util.concurrent.Future<byte[]>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                byte proposal = (byte) i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return tenants().installationSecret("ip-hash", new byte[] {proposal, proposal}, T0);
                }));
            }
            start.countDown();
            byte[] winner = answers.get(0).get(30, java.util.concurrent.TimeUnit.SECONDS);
            for (var answer : answers) {
                assertArrayEquals(winner, answer.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
