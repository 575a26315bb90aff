package dev.qrly.server;

import java.util.Objects;

/**
 * The HTTP adapter's settings.
 *
 * @param host the address to listen on
 * @param port the port, 0 for any free one
 * @param eventLoops how many event-loop threads (and server instances) to run
 * @param bodyLimit the largest request body accepted, in bytes (larger: 413)
 * @param trustedProxies peers whose X-Forwarded-For is believed
 * @param ipBurst tokens per client address
 * @param ipPerSecond refill per client address
 * @param codeBurst tokens per code
 * @param codePerSecond refill per code
 * @param apiBurst tokens per API key
 * @param apiPerSecond refill per API key
 * @param geoCredit the credit the geo database's licence asks for wherever locations are shown, or null
 * @param clientShare one client's share of a code under pressure ({@link dev.qrly.core.scan.FairShare})
 * @param authFailures failed authentications (bad API keys, bad sign-ins) per client address
 * @param renders uncached image renders per client address, in tokens (a PNG costs one per started megapixel)
 * @param connections the timeouts and caps on connections
 * @param metrics who may read {@code /metrics}, and where
 */
public record ServerConfig(String host, int port, int eventLoops, long bodyLimit, String trustedProxies,
        long ipBurst, double ipPerSecond, long codeBurst, double codePerSecond, long apiBurst, double apiPerSecond,
        String geoCredit, Bucket clientShare, Bucket authFailures, Bucket renders, ConnectionLimits connections,
        MetricsAccess metrics) {

    /** A token bucket's size and refill a second. */
    public record Bucket(long burst, double perSecond) {}

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(connections, "connections");
        Objects.requireNonNull(metrics, "metrics");
        TrustedProxies.parse(trustedProxies);
        Objects.requireNonNull(clientShare, "clientShare");
        Objects.requireNonNull(authFailures, "authFailures");
        Objects.requireNonNull(renders, "renders");
    }
}
