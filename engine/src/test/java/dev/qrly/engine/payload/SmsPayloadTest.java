package dev.qrly.engine.payload;

import dev.qrly.engine.InvalidInputException;

import static dev.qrly.engine.payload.PayloadAssertions.AWKWARD;
import static dev.qrly.engine.payload.PayloadAssertions.parse;
import static dev.qrly.engine.payload.PayloadAssertions.refused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.zxing.client.result.SMSParsedResult;
import org.junit.jupiter.api.Test;

class SmsPayloadTest {

    @Test
    void sms_messageWithColons_isWrittenAfterFirstColon() {
        SmsPayload payload = new SmsPayload("+41 44 668 18 00", "Meet at 10:30: room 2");
        assertEquals("SMSTO:+41446681800:Meet at 10:30: room 2", payload.text());
        assertEquals("sms", payload.type());
    }

    @Test
    void sms_noMessage_writesNumberAlone() {
        assertEquals("SMSTO:+41446681800", new SmsPayload("+41446681800").text());
        assertEquals("SMSTO:+41446681800", new SmsPayload("+41446681800", "").text());
        assertEquals("SMSTO:+41446681800", new SmsPayload("+41446681800", " \n ").text());
    }

    @Test
    void sms_awkwardMessage_roundTripsThroughZxing() {
        SMSParsedResult result = parse(new SmsPayload("(044) 668-18.00", AWKWARD).text(), SMSParsedResult.class);
        assertArrayEquals(new String[] {"0446681800"}, result.getNumbers());
        assertEquals(AWKWARD, result.getBody());
    }

    @Test
    void sms_numberOnly_roundTripsThroughZxingWithoutBody() {
        SMSParsedResult result = parse(new SmsPayload("+41446681800").text(), SMSParsedResult.class);
        assertArrayEquals(new String[] {"+41446681800"}, result.getNumbers());
        assertNull(result.getBody());
    }

    @Test
    void sms_malformedNumber_isRefused() {
        refused("phone", () -> new SmsPayload("12", "hi"));
        refused("phone", () -> new SmsPayload("+41:44", "hi"));
        refused("phone", () -> new SmsPayload("123456789012345678901"));
    }

    @Test
    void sms_messageWithControlCharacter_isRefused() {
        refused("message", () -> new SmsPayload("+41446681800", "bell\u0007"));
        refused("message", () -> new SmsPayload("+41446681800", "nul\0"));
    }

    @Test
    void sms_nullNumber_throwsNullPointer() {
        assertThrows(InvalidInputException.class, () -> new SmsPayload(null, "hi"));
    }
}
