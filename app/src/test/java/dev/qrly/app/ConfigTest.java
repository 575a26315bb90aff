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
            """)
    void from_badValue_isOneLineNamingTheVariable(String name, String value, String named) {
        Config.ConfigException e = assertThrows(Config.ConfigException.class, () -> Config.from(Map.of(name, value)));
        assertTrue(e.getMessage().startsWith(named), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
}
