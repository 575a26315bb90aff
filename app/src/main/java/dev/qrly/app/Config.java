package dev.qrly.app;

import dev.qrly.core.code.Destinations;
import dev.qrly.store.postgres.PostgresUrl;
import dev.qrly.server.ConnectionLimits;
import dev.qrly.server.MetricsAccess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The service's configuration, from {@code QR_*} environment variables (README lists them all).
 * A bad value stops the start with one line naming the variable.
 *
 * @param databaseUrl the PostgreSQL database of {@code QR_DATABASE_URL}, or null for the embedded
 *     SQLite store in the data directory
 * @param scanSpoolBytes the most the scan spool may take on disk ({@code QR_SCAN_SPOOL_MB}); 0: off
 */
record Config(int port, String host, Path dataDir, String publicBaseUrl, String apiKey, String trustedProxies,
        Set<String> deniedHosts, Rate ipRate, Rate codeRate, Rate apiRate, int eventLoops, int scanQueue,
        int flushMillis, long imageCacheBytes, long routeCacheEntries, int routeTtlSeconds, String geoipDb, int addressRetentionDays,
        int scanRetentionDays, int batchThreads, String redisUrl, String redisPrefix, PostgresUrl databaseUrl, Rate clientShareRate,
        Rate authFailRate, Rate renderRate, ConnectionLimits connections, MetricsAccess metrics, long scanSpoolBytes) {

    /** A token bucket: {@code burst/perSecond}, e.g. {@code 60/10}. */
    record Rate(long burst, double perSecond) {
        static Rate parse(String name, String text) {
            String[] parts = text.split("/");
            try {
                if (parts.length == 2) {
                    long burst = Long.parseLong(parts[0].strip());
                    double rate = Double.parseDouble(parts[1].strip());
                    if (burst >= 1 && rate > 0 && Double.isFinite(rate)) {
                        return new Rate(burst, rate);
                    }
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new ConfigException(name + " must be BURST/PER_SECOND with BURST >= 1 and PER_SECOND > 0, e.g. 60/10; not '" + text + "'");
        }
    }

    /** A configuration error; its message is the one line to print. */
    static final class ConfigException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConfigException(String message) {
            super(message, null, false, false);
        }
    }

    /** The variables that select scale-out adapters which this version does not have yet. */
    private static final Map<String, String> NOT_YET = Map.of(
            "QR_KAFKA_BOOTSTRAP", "Kafka", "QR_CLICKHOUSE_URL", "ClickHouse");

    /**
     * How long a cached route is trusted without reading the store, by default: alone, changes
     * reach the cache directly; with Redis, another instance's change comes as a message, and a
     * message lost in a disconnection must not leave an old route for long.
     */
    static final int ROUTE_TTL_ALONE = 300;
    static final int ROUTE_TTL_SHARED = 30;

    static Config from(Map<String, String> env) {
        for (var entry : NOT_YET.entrySet()) {
            if (!env.getOrDefault(entry.getKey(), "").isBlank()) {
                throw new ConfigException(entry.getKey() + " is set, but this version has no " + entry.getValue()
                        + " adapter yet; unset it to run on the embedded store");
            }
        }
        int port = integer(env, "QR_PORT", 8080, 0, 65535);
        String base = env.getOrDefault("QR_PUBLIC_BASE_URL", "http://localhost:" + (port == 0 ? 8080 : port) + "/r/").strip();
        if (!base.endsWith("/")) {
            base = base + "/";
        }
        int cores = Runtime.getRuntime().availableProcessors();
        int addressDays = integer(env, "QR_IP_RETENTION_DAYS", 30, 1, 36_500);
        int scanDays = integer(env, "QR_SCAN_RETENTION_DAYS", 730, 1, 36_500);
        if (scanDays < addressDays) {
            throw new ConfigException("QR_SCAN_RETENTION_DAYS (" + scanDays + ") must be at least QR_IP_RETENTION_DAYS (" + addressDays
                    + "): a scan's address is kept beside the scan");
        }
        Set<String> deniedHosts = Arrays.stream(env.getOrDefault("QR_DENY_HOSTS", "").split(","))
                .map(s -> s.strip().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
        for (String host : deniedHosts) {
            try {
                Destinations.deniedHost(host);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("QR_DENY_HOSTS: " + e.getMessage());
            }
        }
        return new Config(port, env.getOrDefault("QR_HOST", "0.0.0.0").strip(),
                Path.of(env.getOrDefault("QR_DATA_DIR", "./data")).toAbsolutePath().normalize(), base,
                blankToNull(env.get("QR_API_KEY")), env.getOrDefault("QR_TRUSTED_PROXIES", ""),
                deniedHosts,
                Rate.parse("QR_RATE_LIMIT_IP", env.getOrDefault("QR_RATE_LIMIT_IP", "120/20")),
                Rate.parse("QR_RATE_LIMIT_CODE", env.getOrDefault("QR_RATE_LIMIT_CODE", "5000/2000")),
                Rate.parse("QR_RATE_LIMIT_API", env.getOrDefault("QR_RATE_LIMIT_API", "600/100")),
                integer(env, "QR_EVENT_LOOPS", cores, 1, 256),
                integer(env, "QR_SCAN_QUEUE", 100_000, 1_000, 10_000_000),
                integer(env, "QR_FLUSH_MS", 200, 10, 60_000),
                integer(env, "QR_IMAGE_CACHE_MB", 64, 1, 65_536) * 1024L * 1024L,
                integer(env, "QR_ROUTE_CACHE", 1_000_000, 1_000, 100_000_000),
                integer(env, "QR_ROUTE_TTL", blankToNull(env.get("QR_REDIS_URL")) == null ? ROUTE_TTL_ALONE : ROUTE_TTL_SHARED, 1, 86_400),
                blankToNull(env.get("QR_GEOIP_DB")), addressDays, scanDays,
                integer(env, "QR_BATCH_THREADS", cores, 1, 256),
                redisUrl(env.get("QR_REDIS_URL")), env.getOrDefault("QR_REDIS_PREFIX", "qrly:"),
                databaseUrl(env.get("QR_DATABASE_URL")),
                Rate.parse("QR_RATE_LIMIT_CODE_CLIENT", env.getOrDefault("QR_RATE_LIMIT_CODE_CLIENT", "20/10")),
                Rate.parse("QR_RATE_LIMIT_AUTH_FAIL", env.getOrDefault("QR_RATE_LIMIT_AUTH_FAIL", "10/0.1")),
                Rate.parse("QR_RATE_LIMIT_RENDER", env.getOrDefault("QR_RATE_LIMIT_RENDER", "100/5")),
                connections(env, ConnectionLimits.openFilesLimit()),
                new MetricsAccess(blankToNull(env.get("QR_METRICS_TOKEN")), env.getOrDefault("QR_METRICS_HOST", "127.0.0.1").strip(),
                        blankToNull(env.get("QR_METRICS_PORT")) == null ? -1 : integer(env, "QR_METRICS_PORT", -1, 0, 65535)),
                integer(env, "QR_SCAN_SPOOL_MB", 1_024, 0, 1_048_576) * 1024L * 1024L);
    }

    /** The timeouts (in seconds) and caps on connections; the total's default is derived from the open-files limit. */
    static ConnectionLimits connections(Map<String, String> env, long openFiles) {
        return new ConnectionLimits(Duration.ofSeconds(integer(env, "QR_IDLE_TIMEOUT", 60, 1, 86_400)),
                Duration.ofSeconds(integer(env, "QR_HEADER_TIMEOUT", 10, 1, 3_600)),
                Duration.ofSeconds(integer(env, "QR_REQUEST_TIMEOUT", 120, 1, 86_400)),
                integer(env, "QR_MAX_CONNECTIONS", ConnectionLimits.defaultMaxConnections(openFiles), 1, 10_000_000),
                integer(env, "QR_MAX_CONNECTIONS_PER_CLIENT", 256, 1, 10_000_000));
    }

    /** The database of {@code QR_DATABASE_URL}, checked for form only: whether it answers is the start's to find out. */
    private static PostgresUrl databaseUrl(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return PostgresUrl.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("QR_DATABASE_URL " + e.getMessage() + "; write postgres://user:password@host:5432/database");
        }
    }

    private static int integer(Map<String, String> env, String name, int defaultValue, int min, int max) {
        String text = env.get(name);
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(name + " must be a whole number from " + min + " to " + max + ", not '" + text + "'");
    }

    /** A {@code redis://} or {@code rediss://} URL, or null when unset. */
    private static String redisUrl(String value) {
        String url = blankToNull(value);
        if (url == null) {
            return null;
        }
        if (!url.startsWith("redis://") && !url.startsWith("rediss://") || url.length() <= "redis://".length() + 1) {
            throw new ConfigException("QR_REDIS_URL must be a redis:// (or rediss://) URL with a host, such as "
                    + "redis://127.0.0.1:6379; not '" + url + "'");
        }
        return url;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
