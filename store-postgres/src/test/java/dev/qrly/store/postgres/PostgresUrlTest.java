package dev.qrly.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresUrlTest {

    @Test
    void parse_postgresForm_splitsUserPasswordAndPassesParametersThrough() {
        PostgresUrl url = PostgresUrl.parse("postgres://qrly:s%40cret:x@db.example:6543/qrly?sslmode=require&currentSchema=app");

        assertEquals("jdbc:postgresql://db.example:6543/qrly?sslmode=require&currentSchema=app", url.jdbcUrl());
        assertEquals("qrly", url.user());
        assertEquals("s@cret:x", url.password());
        assertEquals("db.example:6543", url.server());
        assertEquals("app", url.schema());
    }

    @Test
    void parse_postgresqlFormWithoutPort_defaultsTheServersPort() {
        PostgresUrl url = PostgresUrl.parse("postgresql://db.example/qrly");

        assertEquals("jdbc:postgresql://db.example/qrly", url.jdbcUrl());
        assertEquals("db.example:5432", url.server());
        assertNull(url.user());
        assertNull(url.schema());
    }

    @Test
    void parse_jdbcForm_takesUserAndPasswordFromParameters() {
        PostgresUrl url = PostgresUrl.parse("jdbc:postgresql://127.0.0.1:5432/test?user=root&password=pw&ssl=false");

        assertEquals("jdbc:postgresql://127.0.0.1:5432/test?ssl=false", url.jdbcUrl());
        assertEquals("root", url.user());
        assertEquals("pw", url.password());
    }

    @Test
    void toString_never_showsThePassword() {
        assertFalse(PostgresUrl.parse("postgres://u:hunter2@h/db").toString().contains("hunter2"));
    }

    @Test
    void withSchema_replacesTheSchema() {
        assertEquals("jdbc:postgresql://h:1/db?currentSchema=other",
                PostgresUrl.parse("postgres://h:1/db?currentSchema=first").withSchema("other").jdbcUrl());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql://h/db", "postgres://", "postgres:///db", "postgres://h/db/x", "postgres://h w/db",
            "postgres://h/db?currentSchema=a;drop", "localhost:5432"})
    void parse_malformed_isRefusedWithoutThePassword(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PostgresUrl.parse(text));

        assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
    }
}
