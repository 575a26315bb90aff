package dev.qrly.server;

import dev.qrly.core.tenant.SessionStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

/**
 * Dashboard sign-ins: a session is what a browser holds instead of the API key it signed in with.
 *
 * <p>The browser gets a random token in an {@code HttpOnly}, {@code SameSite=Strict} cookie; the
 * store keeps only the token's SHA-256, so neither a dump of the store nor of memory hands out
 * sessions. Each session has its own CSRF token, which the dashboard sends in a header with every
 * request that changes something. A session ends on sign-out, after {@link #IDLE} without a
 * request, or {@link #LIFETIME} after sign-in, whichever comes first; the key it was opened with is
 * checked on every request, so revoking the key ends its sessions too.
 *
 * <p>Sessions are kept in the store ({@link SessionStore}): every instance of a deployment knows
 * every session, so a load balancer needs no sticky sessions, and a restart signs nobody out. Each
 * use is recorded at most once every {@link #TOUCH_EVERY}, so the idle time is known to that
 * precision without a write a request. Every method reads or writes the store: call them off the
 * event loop.
 */
final class Sessions {

    /** A session unused for this long ends. */
    static final Duration IDLE = Duration.ofHours(12);
    /** A session ends this long after sign-in, used or not. */
    static final Duration LIFETIME = Duration.ofDays(7);
    /** How often a session's last use is written back, at most. */
    static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    /** How often ended sessions are deleted, at most: on a sign-in, when this long has passed since the last time. */
    static final Duration PURGE_EVERY = Duration.ofHours(1);
    /** The name of the cookie that carries the session token. */
    static final String COOKIE = "qrly_session";
    /** The header that carries the CSRF token. */
    static final String CSRF_HEADER = "X-CSRF-Token";

    private static final Logger LOG = Logger.getLogger(Sessions.class.getName());
    private static final int TOKEN_BYTES = 32;
    /** The longest token a cookie may carry before it is refused unread (ours are 43 characters). */
    private static final int MAX_TOKEN_LENGTH = 100;

    /**
     * A signed-in browser.
     *
     * @param keyPrefix the prefix of the API key it signed in with
     * @param csrfToken what it must send in {@link #CSRF_HEADER} to change anything
     * @param expiresAt the end of its lifetime (an idle session ends earlier)
     */
    record Session(String keyPrefix, String csrfToken, Instant startedAt, Instant expiresAt) {}

    /** A new session and the token for its cookie, shown this once. */
    record Started(String token, Session session) {}

    private final SessionStore store;
    private final Clock clock;
    private final RandomGenerator random;
    private final AtomicReference<Instant> lastPurge = new AtomicReference<>(Instant.MIN);

    Sessions(SessionStore store, Clock clock, RandomGenerator random) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Opens a session for a caller who has just shown the whole key with this prefix. */
    Started start(String keyPrefix) {
        Instant now = clock.instant();
        purgeNowAndThen(now);
        String token = randomToken();
        Session session = new Session(keyPrefix, randomToken(), now, now.plus(LIFETIME));
        store.insertSession(new SessionStore.DashboardSession(hash(token), keyPrefix, session.csrfToken(), now,
                session.expiresAt(), now));
        return new Started(token, session);
    }

    /** The live session of a cookie's token, if any; an ended one found on the way is deleted. */
    Optional<Session> find(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        String key = hash(token);
        Optional<SessionStore.DashboardSession> found = store.findSession(key);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        SessionStore.DashboardSession stored = found.get();
        Instant now = clock.instant();
        if (!now.isBefore(stored.expiresAt()) || !now.isBefore(stored.lastSeenAt().plus(IDLE))) {
            store.deleteSession(key);
            return Optional.empty();
        }
        if (!now.isBefore(stored.lastSeenAt().plus(TOUCH_EVERY))) {
            store.touchSession(key, now);
        }
        return Optional.of(new Session(stored.keyPrefix(), stored.csrfToken(), stored.startedAt(), stored.expiresAt()));
    }

    /** Ends the session of a cookie's token; ending an unknown one does nothing. */
    void end(String token) {
        if (token != null && !token.isEmpty() && token.length() <= MAX_TOKEN_LENGTH) {
            store.deleteSession(hash(token));
        }
    }

    /** Deletes ended sessions once every {@link #PURGE_EVERY}; a failure is logged and tried again next time. */
    private void purgeNowAndThen(Instant now) {
        Instant last = lastPurge.get();
        if (now.isBefore(last.plus(PURGE_EVERY)) || !lastPurge.compareAndSet(last, now)) {
            return;
        }
        try {
            int deleted = store.deleteEndedSessions(now, now.minus(IDLE));
            if (deleted > 0) {
                LOG.fine(() -> "deleted " + deleted + " ended dashboard sessions");
            }
        } catch (RuntimeException e) {
            lastPurge.set(last);
            LOG.log(Level.WARNING, "ended dashboard sessions not deleted; next sign-in tries again", e);
        }
    }

    /** Whether a presented CSRF token is the session's, compared in constant time. */
    static boolean csrfMatches(Session session, String presented) {
        return presented != null && MessageDigest.isEqual(session.csrfToken().getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }

    private String randomToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
