package dev.qrly.core;

import static dev.qrly.core.StoreSamples.T0;
import static dev.qrly.core.StoreSamples.TENANT_A;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qrly.core.tenant.SessionStore;
import dev.qrly.core.tenant.SessionStore.DashboardSession;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link SessionStore}: dashboard sessions, found by their token's hash, ended by lifetime or idleness. */
public interface SessionStoreContract extends StorageFixture {

    private SessionStore sessions() {
        return storage().sessions();
    }

    private DashboardSession givenSession(String tokenHash, Instant startedAt) {
        if (storage().tenants().findKey("qk_session").isEmpty()) {
            givenTenants(TENANT_A);
            storage().tenants().insertKey(StoreSamples.key("qk_session", TENANT_A));
        }
        DashboardSession session = new DashboardSession(tokenHash, "qk_session", "csrf-" + tokenHash, startedAt,
                startedAt.plus(Duration.ofDays(7)), startedAt);
        sessions().insertSession(session);
        return session;
    }

    @Test
    default void insertSession_thenFind_roundTrips() {
        DashboardSession session = givenSession("a".repeat(64), T0);

        assertEquals(Optional.of(session), sessions().findSession("a".repeat(64)));
    }

    @Test
    default void findSession_unknownHash_isEmpty() {
        assertEquals(Optional.empty(), sessions().findSession("f".repeat(64)));
    }

    @Test
    default void insertSession_hashTaken_throwsAndKeepsTheFirst() {
        DashboardSession first = givenSession("a".repeat(64), T0);

        assertThrows(RuntimeException.class, () -> sessions().insertSession(new DashboardSession("a".repeat(64), "qk_session",
                "other", T0, T0.plusSeconds(60), T0)));

        assertEquals(Optional.of(first), sessions().findSession("a".repeat(64)));
    }

    @Test
    default void touchSession_later_movesLastSeenOnly() {
        DashboardSession session = givenSession("a".repeat(64), T0);

        sessions().touchSession("a".repeat(64), T0.plusSeconds(90));

        assertEquals(Optional.of(new DashboardSession(session.tokenHash(), session.keyPrefix(), session.csrfToken(),
                session.startedAt(), session.expiresAt(), T0.plusSeconds(90))), sessions().findSession("a".repeat(64)));
    }

    @Test
    default void touchSession_earlierThanLastSeen_keepsTheLater() {
        givenSession("a".repeat(64), T0);
        sessions().touchSession("a".repeat(64), T0.plusSeconds(90));

        sessions().touchSession("a".repeat(64), T0.plusSeconds(30));

        assertEquals(T0.plusSeconds(90), sessions().findSession("a".repeat(64)).orElseThrow().lastSeenAt());
    }

    @Test
    default void touchSession_deleted_staysGone() {
        givenSession("a".repeat(64), T0);
        sessions().deleteSession("a".repeat(64));

        sessions().touchSession("a".repeat(64), T0.plusSeconds(90));

        assertEquals(Optional.empty(), sessions().findSession("a".repeat(64)));
    }

    @Test
    default void deleteSession_unknown_doesNothing() {
        DashboardSession kept = givenSession("a".repeat(64), T0);

        sessions().deleteSession("b".repeat(64));

        assertEquals(Optional.of(kept), sessions().findSession("a".repeat(64)));
    }

    @Test
    default void deleteEndedSessions_expiredAndIdle_deletesThoseOnly() {
        givenSession("1".repeat(64), T0.minus(Duration.ofDays(8))); // past its lifetime
        givenSession("2".repeat(64), T0.minus(Duration.ofHours(13))); // idle
        DashboardSession busy = givenSession("3".repeat(64), T0.minus(Duration.ofHours(13)));
        sessions().touchSession(busy.tokenHash(), T0.minusSeconds(60));
        DashboardSession fresh = givenSession("4".repeat(64), T0);

        int deleted = sessions().deleteEndedSessions(T0, T0.minus(Duration.ofHours(12)));

        assertEquals(2, deleted);
        assertEquals(Optional.empty(), sessions().findSession("1".repeat(64)));
        assertEquals(Optional.empty(), sessions().findSession("2".repeat(64)));
        assertEquals(T0.minusSeconds(60), sessions().findSession(busy.tokenHash()).orElseThrow().lastSeenAt());
        assertEquals(Optional.of(fresh), sessions().findSession(fresh.tokenHash()));
    }

    @Test
    default void reopen_session_survives() {
        DashboardSession session = givenSession("a".repeat(64), T0);

        Storage again = reopen();

        assertEquals(Optional.of(session), again.sessions().findSession("a".repeat(64)));
    }
}
