package dev.qrly.server;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a connection may take and how many there may be, so that no client can hold the
 * server's sockets (and file descriptors) away from everyone else.
 *
 * @param idleTimeout a connection that sends and receives nothing this long is closed; a kept-alive
 *     connection must also send its next request's headers in full within it
 * @param headerTimeout a new connection must send its first request's headers in full within this
 * @param requestTimeout a request's body must arrive in full within this of its headers
 * @param maxConnections the most connections open at once, in all
 * @param maxPerClient the most connections open at once from one client address (an IPv6 client
 *     is its /64); a trusted proxy's own connections are not capped by this
 */
public record ConnectionLimits(Duration idleTimeout, Duration headerTimeout, Duration requestTimeout, int maxConnections,
        int maxPerClient) {

    /** File descriptors left to the store, the logs, the geo database and outgoing connections. */
    static final int MIN_RESERVE = 128;
    static final int MAX_RESERVE = 1_024;

    public ConnectionLimits {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(headerTimeout, "headerTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero() || headerTimeout.isNegative() || headerTimeout.isZero()
                || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (maxConnections < 1 || maxPerClient < 1) {
            throw new IllegalArgumentException("connection caps must be at least 1, not " + maxConnections + " and " + maxPerClient);
        }
    }

    /**
     * The default cap on connections for a process allowed {@code openFiles} file descriptors: all
     * of them but a reserve of a tenth, at least 128 and at most 1,024 (half of them when there are
     * fewer than 256).
     *
     * @param openFiles the process's open-files limit, or a negative number when unknown
     */
    public static int defaultMaxConnections(long openFiles) {
        if (openFiles <= 0 || openFiles > Integer.MAX_VALUE) {
            return 10_000;
        }
        if (openFiles < 2L * MIN_RESERVE) {
            return (int) Math.max(1, openFiles / 2);
        }
        long reserve = Math.min(MAX_RESERVE, Math.max(MIN_RESERVE, openFiles / 10));
        return (int) (openFiles - reserve);
    }

    /** This process's open-files limit, or -1 when the platform does not say. */
    public static long openFilesLimit() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return -1;
    }
}
