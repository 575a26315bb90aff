package dev.qrly.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BodiesTest {

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "APPLICATION/JSON ; Charset=\"UTF-8\""})
    void isJson_acceptsJsonWithAtMostAUtf8Charset(String type) {
        assertTrue(Bodies.isJson(type));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/jsonx", "application/json+x", "text/json", "application/json; charset=utf-16",
            "application/json; boundary=x", "", "application/x-www-form-urlencoded"})
    void isJson_refusesEverythingElse(String type) {
        assertFalse(Bodies.isJson(type));
    }

    @Test
    void jsonObject_readsNumbersAsWrittenAndKeepsNulls() {
        JsonObject json = Bodies.jsonObject(Buffer.buffer("{\"a\":1,\"b\":12345678901234567890123,\"c\":1.5,\"d\":null,\"e\":[true]}"));
        assertEquals(1L, json.getValue("a"));
        assertInstanceOf(BigInteger.class, json.getValue("b"));
        assertEquals(1.5, json.getDouble("c"));
        assertTrue(json.containsKey("d"));
        assertEquals(true, json.getJsonArray("e").getValue(0));
    }

    @Test
    void jsonObject_refusesDeepNesting() {
        String deep = "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}";
        HttpError error = assertThrows(HttpError.class, () -> Bodies.jsonObject(Buffer.buffer(deep)));
        assertEquals("body", error.field);
    }

    @Test
    void jsonObject_refusesANonObject() {
        assertEquals("body", assertThrows(HttpError.class, () -> Bodies.jsonObject(Buffer.buffer("[1]"))).field);
    }
}
