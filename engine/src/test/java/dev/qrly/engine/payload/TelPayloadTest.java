package dev.qrly.engine.payload;

import dev.qrly.engine.InvalidInputException;

import static dev.qrly.engine.payload.PayloadAssertions.parse;
import static dev.qrly.engine.payload.PayloadAssertions.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.client.result.TelParsedResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TelPayloadTest {

    @Test
    void tel_formattedNumber_isNormalised() {
        TelPayload payload = new TelPayload("+41 (44) 668-18.00");
        assertEquals("+41446681800", payload.number());
        assertEquals("tel:+41446681800", payload.text());
        assertEquals("tel", payload.type());
    }

    @Test
    void tel_number_roundTripsThroughZxing() {
        TelParsedResult result = parse(new TelPayload("044 668 18 00").text(), TelParsedResult.class);
        assertEquals("0446681800", result.getNumber());
        assertEquals("tel:0446681800", result.getTelURI());
    }

    @Test
    void tel_shortestAndLongestNumbers_areAccepted() {
        assertEquals("tel:112", new TelPayload("112").text());
        assertEquals("tel:+12345678901234567890", new TelPayload("+12345678901234567890").text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "+", "12", "+1 2", "123456789012345678901", "0800 FLOWERS", "+41+44 668",
            "41+446681800", "++41446681800", "044/668 18 00", "044\t668"})
    void tel_malformedNumber_isRefused(String number) {
        String message = refused("phone", () -> new TelPayload(number)).getMessage();
        assertTrue(message.contains("3 to 20 digits"), message);
    }

    @Test
    void tel_null_throwsNullPointer() {
        assertThrows(InvalidInputException.class, () -> new TelPayload(null));
    }
}
