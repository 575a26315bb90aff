package dev.qrly.app;

import dev.qrly.store.postgres.PostgresUrl;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;

/**
 * A schema of a test's own on the PostgreSQL server of this machine ({@code .ci/run} starts it; or
 * the one {@code QR_TEST_DATABASE_URL} names), dropped when the test closes it.
 */
final class TestSchema implements AutoCloseable {

    static final String DATABASE = System.getenv().getOrDefault("QR_TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test");

    final String name = "qrly_it_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));

    /** {@code QR_DATABASE_URL} for this schema on {@code database}. */
    String url(String database) {
        return database + (database.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    String url() {
        return url(DATABASE);
    }

    @Override
    public void close() throws SQLException {
        PostgresUrl url = PostgresUrl.parse(DATABASE);
        Properties login = new Properties();
        if (url.user() != null) {
            login.setProperty("user", url.user());
        }
        if (url.password() != null) {
            login.setProperty("password", url.password());
        }
        try (Connection connection = DriverManager.getConnection(url.withSchema(null).jdbcUrl(), login);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        }
    }
}
