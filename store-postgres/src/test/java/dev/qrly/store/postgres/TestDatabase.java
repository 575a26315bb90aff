package dev.qrly.store.postgres;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The PostgreSQL server the tests use, and a fresh schema in it for each test: the server on this
 * machine ({@code .ci/run} starts it) unless {@code QR_TEST_DATABASE_URL} names another.
 */
final class TestDatabase {

    static final PostgresUrl URL = PostgresUrl.parse(System.getenv().getOrDefault("QR_TEST_DATABASE_URL",
            "postgres://postgres@127.0.0.1:5432/test"));

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestDatabase() {}

    /** A schema name no other run uses. */
    static String newSchemaName() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return "qrly_test_" + HexFormat.of().formatHex(bytes);
    }

    /** A plain connection to the test database, outside any store. */
    static Connection connect() throws SQLException {
        Properties properties = new Properties();
        if (URL.user() != null) {
            properties.setProperty("user", URL.user());
        }
        if (URL.password() != null) {
            properties.setProperty("password", URL.password());
        }
        return DriverManager.getConnection(URL.withSchema(null).jdbcUrl(), properties);
    }

    static void dropSchema(String schema) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop test schema " + schema, e);
        }
    }
}
