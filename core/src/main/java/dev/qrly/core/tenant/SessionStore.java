package dev.qrly.core.tenant;

import java.time.Instant;
import java.util.Optional;

/**
 * Port: the dashboard's signed-in browsers, kept in the store so that every instance of a
 * deployment knows them and a restart signs nobody out. A session is found by the SHA-256 of the
 * token its cookie carries; the token itself is never stored.
 */
public interface SessionStore {

    /**
     * One signed-in browser.
     *
     * @param tokenHash the lower-case hex SHA-256 of the cookie's token
     * @param keyPrefix the prefix of the API key it signed in with
     * @param csrfToken what it must send with every request that changes something
     * @param expiresAt the end of its lifetime, however busy it is
     * @param lastSeenAt when it was last used, to the minute or so: an idle session ends
     */
    record DashboardSession(String tokenHash, String keyPrefix, String csrfToken, Instant startedAt, Instant expiresAt,
            Instant lastSeenAt) {}

    /** Stores a new session; its token hash is unique. */
    void insertSession(DashboardSession session);

    Optional<DashboardSession> findSession(String tokenHash);

    /** Records a use of the session at {@code at}; a session that is gone is left gone. */
    void touchSession(String tokenHash, Instant at);

    /** Ends a session; ending one that is gone does nothing. */
    void deleteSession(String tokenHash);

    /**
     * Deletes the sessions that have ended: those past their lifetime at {@code now} and those last
     * used before {@code idleBefore}.
     *
     * @return how many were deleted
     */
    int deleteEndedSessions(Instant now, Instant idleBefore);
}
