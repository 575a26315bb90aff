package dev.qrly.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
import java.util.random.RandomGenerator;

/**
 * Dashboard sign-ins: a session is what a browser holds instead of the API key it signed in with.
 *
 * <p>The browser gets a random token in an {@code HttpOnly}, {@code SameSite=Strict} cookie; the
 * server keeps only the token's SHA-256, so a memory dump does not hand out sessions. Each session
 * has its own CSRF token, which the dashboard sends in a header with every request that changes
 * something. A session ends on sign-out, after {@link #IDLE} without a request, or {@link #LIFETIME}
 * after sign-in, whichever comes first; the key it was opened with is checked on every request, so
 * revoking the key ends its sessions too.
 *
 * <p>Sessions live in this process: a restart signs everyone out, and several instances behind a
 * load balancer need sticky sessions until they share a session store.
 */
final class Sessions {

    /** A session unused for this long ends. */
    static final Duration IDLE = Duration.ofHours(12);
    /** A session ends this long after sign-in, used or not. */
    static final Duration LIFETIME = Duration.ofDays(7);
    /** The name of the cookie that carries the session token. */
    static final String COOKIE = "qrly_session";
    /** The header that carries the CSRF token. */
    static final String CSRF_HEADER = "X-CSRF-Token";

    private static final int MAX_SESSIONS = 100_000;
    private static final int TOKEN_BYTES = 32;

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

    private final Clock clock;
    private final RandomGenerator random;
    private final Cache<String, Session> byTokenHash;

    Sessions(Clock clock, RandomGenerator random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.byTokenHash = Caffeine.newBuilder().executor(Runnable::run).maximumSize(MAX_SESSIONS).expireAfterAccess(IDLE)
                .ticker(() -> clock.millis() * 1_000_000L).build();
    }

    /** Opens a session for a caller who has just shown the whole key with this prefix. */
    Started start(String keyPrefix) {
        Instant now = clock.instant();
        String token = randomToken();
        Session session = new Session(keyPrefix, randomToken(), now, now.plus(LIFETIME));
        byTokenHash.put(hash(token), session);
        return new Started(token, session);
    }

    /** The live session of a cookie's token, if any. */
    Optional<Session> find(String token) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return Optional.empty();
        }
        String key = hash(token);
        Session session = byTokenHash.getIfPresent(key);
        if (session == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(session.expiresAt())) {
            byTokenHash.invalidate(key);
            return Optional.empty();
        }
        return Optional.of(session);
    }

    /** Ends the session of a cookie's token; ending an unknown one does nothing. */
    void end(String token) {
        if (token != null && !token.isEmpty()) {
            byTokenHash.invalidate(hash(token));
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
