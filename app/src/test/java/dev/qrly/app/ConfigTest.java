package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigTest {

    @Test
    void from_nothingSet_givesTheDocumentedDefaults() {
        Config config = Config.from(Map.of());
        assertEquals(8080, config.port());
        assertEquals("0.0.0.0", config.host());
        assertTrue(config.dataDir().endsWith("data"));
        assertEquals("http://localhost:8080/r/", config.publicBaseUrl());
        assertEquals(120, config.ipRate().burst());
        assertEquals(20, config.ipRate().perSecond());
        assertEquals(200, config.flushMillis());
        assertEquals(100_000, config.scanQueue());
        assertEquals(null, config.geoipDb());
        assertEquals(30, config.addressRetentionDays());
        assertEquals(730, config.scanRetentionDays());
        assertEquals(Runtime.getRuntime().availableProcessors(), config.batchThreads());
        assertEquals(null, config.redisUrl());
        assertEquals(null, config.databaseUrl());
        assertEquals(300, config.routeTtlSeconds());
        assertEquals(new Config.Rate(20, 10), config.clientShareRate());
        assertEquals(new Config.Rate(10, 0.1), config.authFailRate());
        assertEquals(new Config.Rate(100, 5), config.renderRate());
    }

    @Test
    void connections_defaults_andTheTotalFromTheOpenFilesLimit() {
        var limits = Config.connections(Map.of(), 20_000);
        assertEquals(java.time.Duration.ofSeconds(60), limits.idleTimeout());
        assertEquals(java.time.Duration.ofSeconds(10), limits.headerTimeout());
        assertEquals(java.time.Duration.ofSeconds(120), limits.requestTimeout());
        assertEquals(20_000 - 1_024, limits.maxConnections());
        assertEquals(256, limits.maxPerClient());
        assertEquals(dev.qrly.server.MetricsAccess.OPEN, Config.from(Map.of()).metrics());
        var set = Config.connections(Map.of("QR_IDLE_TIMEOUT", "5", "QR_HEADER_TIMEOUT", "2", "QR_REQUEST_TIMEOUT", "7",
                "QR_MAX_CONNECTIONS", "900", "QR_MAX_CONNECTIONS_PER_CLIENT", "9"), 20_000);
        assertEquals(java.time.Duration.ofSeconds(5), set.idleTimeout());
        assertEquals(java.time.Duration.ofSeconds(2), set.headerTimeout());
        assertEquals(java.time.Duration.ofSeconds(7), set.requestTimeout());
        assertEquals(900, set.maxConnections());
        assertEquals(9, set.maxPerClient());
        assertEquals(new dev.qrly.server.MetricsAccess("t0ken", "10.0.0.5", 9100), Config.from(Map.of("QR_METRICS_TOKEN", " t0ken ",
                "QR_METRICS_HOST", "10.0.0.5", "QR_METRICS_PORT", "9100")).metrics());
    }

    @Test
    void from_redisUrl_sharesAndShortensTheRouteTtl() {
        Config config = Config.from(Map.of("QR_REDIS_URL", "redis://127.0.0.1:6379/2", "QR_REDIS_PREFIX", "acme:"));
        assertEquals("redis://127.0.0.1:6379/2", config.redisUrl());
        assertEquals("acme:", config.redisPrefix());
        assertEquals(30, config.routeTtlSeconds(), "a lost message must not leave an old route for five minutes");
        assertEquals(120, Config.from(Map.of("QR_REDIS_URL", "redis://127.0.0.1", "QR_ROUTE_TTL", "120")).routeTtlSeconds());
    }

    @Test
    void from_databaseUrl_selectsPostgresWithItsServerAndSchema() {
        Config config = Config.from(Map.of("QR_DATABASE_URL", "postgres://qrly:pw@db.example/qrly?sslmode=require&currentSchema=app"));

        assertEquals("db.example:5432", config.databaseUrl().server());
        assertEquals("app", config.databaseUrl().schema());
        assertEquals("jdbc:postgresql://db.example/qrly?sslmode=require&currentSchema=app", config.databaseUrl().jdbcUrl());
    }

    @Test
    void from_baseUrlWithoutSlash_getsOne() {
        assertEquals("https://go.example.com/", Config.from(Map.of("QR_PUBLIC_BASE_URL", "https://go.example.com")).publicBaseUrl());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            QR_PORT            | abc           | QR_PORT
            QR_PORT            | 70000         | QR_PORT
            QR_RATE_LIMIT_IP   | 10            | QR_RATE_LIMIT_IP
            QR_RATE_LIMIT_CODE | 0/5           | QR_RATE_LIMIT_CODE
            QR_RATE_LIMIT_API  | 5/-1          | QR_RATE_LIMIT_API
            QR_RATE_LIMIT_CODE_CLIENT | 20     | QR_RATE_LIMIT_CODE_CLIENT
            QR_RATE_LIMIT_AUTH_FAIL   | 0/1    | QR_RATE_LIMIT_AUTH_FAIL
            QR_RATE_LIMIT_RENDER      | 10/0   | QR_RATE_LIMIT_RENDER
            QR_SCAN_QUEUE      | 10            | QR_SCAN_QUEUE
            QR_FLUSH_MS        | 0             | QR_FLUSH_MS
            QR_SCAN_SPOOL_MB   | -1            | QR_SCAN_SPOOL_MB
            QR_IP_RETENTION_DAYS   | 0         | QR_IP_RETENTION_DAYS
            QR_SCAN_RETENTION_DAYS | two years | QR_SCAN_RETENTION_DAYS
            QR_SCAN_RETENTION_DAYS | 7         | QR_SCAN_RETENTION_DAYS
            QR_BATCH_THREADS   | 0             | QR_BATCH_THREADS
            QR_DATABASE_URL    | mysql://x/db  | QR_DATABASE_URL
            QR_DATABASE_URL    | postgres:///db | QR_DATABASE_URL
            QR_DATABASE_URL    | postgres://h/db?currentSchema=a;b | QR_DATABASE_URL
            QR_REDIS_URL       | http://x:6379 | QR_REDIS_URL
            QR_KAFKA_BOOTSTRAP | x:9092        | QR_KAFKA_BOOTSTRAP
            QR_CLICKHOUSE_URL  | http://x      | QR_CLICKHOUSE_URL
            QR_DENY_HOSTS      | ok.example,a@b.example | QR_DENY_HOSTS
            QR_DENY_HOSTS      | 256.256.256.256 | QR_DENY_HOSTS
            QR_IDLE_TIMEOUT    | 0             | QR_IDLE_TIMEOUT
            QR_HEADER_TIMEOUT  | 1.5           | QR_HEADER_TIMEOUT
            QR_REQUEST_TIMEOUT | -1            | QR_REQUEST_TIMEOUT
            QR_MAX_CONNECTIONS | 0             | QR_MAX_CONNECTIONS
            QR_MAX_CONNECTIONS_PER_CLIENT | many | QR_MAX_CONNECTIONS_PER_CLIENT
            QR_METRICS_PORT    | 70000         | QR_METRICS_PORT
            """)
    void from_badValue_isOneLineNamingTheVariable(String name, String value, String named) {
        Config.ConfigException e = assertThrows(Config.ConfigException.class, () -> Config.from(Map.of(name, value)));
        assertTrue(e.getMessage().startsWith(named), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
}
