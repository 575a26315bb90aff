package dev.qrly.engine.payload;

import dev.qrly.engine.InvalidInputException;

import static dev.qrly.engine.payload.PayloadAssertions.AWKWARD;
import static dev.qrly.engine.payload.PayloadAssertions.parse;
import static dev.qrly.engine.payload.PayloadAssertions.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.zxing.client.result.TextParsedResult;
import org.junit.jupiter.api.Test;

class TextPayloadTest {

    @Test
    void text_awkwardCharacters_areEncodedUnchanged() {
        TextPayload payload = new TextPayload(AWKWARD);
        assertEquals(AWKWARD, payload.text());
        assertEquals("text", payload.type());
        assertEquals(AWKWARD, parse(payload.text(), TextParsedResult.class).getText());
    }

    @Test
    void text_onlySpaces_isAccepted() {
        assertEquals("   ", new TextPayload("   ").text());
    }

    @Test
    void text_empty_isRefused() {
        refused("text", () -> new TextPayload(""));
    }

    @Test
    void text_containsNul_isRefused() {
        refused("text", () -> new TextPayload("before\0after"));
    }

    @Test
    void text_null_throwsNullPointer() {
        assertThrows(InvalidInputException.class, () -> new TextPayload(null));
    }
}
