package dev.qrly.engine.payload;

import dev.qrly.engine.InvalidInputException;

import static dev.qrly.engine.payload.PayloadAssertions.AWKWARD;
import static dev.qrly.engine.payload.PayloadAssertions.parse;
import static dev.qrly.engine.payload.PayloadAssertions.refused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.zxing.client.result.AddressBookParsedResult;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MeCardPayloadTest {

    @Test
    void mecard_everyField_exactText() {
        MeCardPayload card = MeCardPayload.builder()
                .name("Doe", "Jane")
                .phone("+41 44 668 18 00").phone("079 123 45 67")
                .email("jane@example.com")
                .url("https://example.com/")
                .address("Main St. 1, 8001 Zürich")
                .note("Call: after 10")
                .org("Acme; \"Inc\"")
                .build();
        assertEquals("MECARD:N:Doe,Jane;TEL:+41446681800;TEL:0791234567;EMAIL:jane@example.com;"
                + "URL:https\\://example.com/;ADR:Main St. 1\\, 8001 Zürich;NOTE:Call\\: after 10;"
                + "ORG:Acme\\; \\\"Inc\\\";;", card.text());
        assertEquals("mecard", card.type());
    }

    @Test
    void mecard_oneNameOnly_hasNoComma() {
        assertEquals("MECARD:N:Jane;;", MeCardPayload.builder().name(null, "Jane").build().text());
        assertEquals("MECARD:N:Doe;;", MeCardPayload.builder().name("Doe", " ").build().text());
    }

    @Test
    void mecard_awkwardCharactersInEveryTextField_roundTripThroughZxing() {
        MeCardPayload card = MeCardPayload.builder()
                .name("Doe", AWKWARD)
                .phone("+41 (44) 668-18.00").phone("0791234567")
                .email("a;b,c:d\\e\"f@example.com")
                .url("https://example.com/a;b,c?x=1:2")
                .address(AWKWARD).note(AWKWARD).org(AWKWARD)
                .build();
        AddressBookParsedResult result = parse(card.text(), AddressBookParsedResult.class);
        // ZXing turns "family,given" round into "given family".
        assertArrayEquals(new String[] {AWKWARD + " Doe"}, result.getNames());
        assertArrayEquals(new String[] {"+41446681800", "0791234567"}, result.getPhoneNumbers());
        assertArrayEquals(new String[] {"a;b,c:d\\e\"f@example.com"}, result.getEmails());
        assertArrayEquals(new String[] {"https://example.com/a;b,c?x=1:2"}, result.getURLs());
        assertArrayEquals(new String[] {AWKWARD}, result.getAddresses());
        assertEquals(AWKWARD, result.getNote());
        assertEquals(AWKWARD, result.getOrg());
    }

    /**
     * ZXing limitation: AddressBookDoCoMoResultParser unescapes the N field before it looks for
     * the comma between family and given name, so an escaped comma inside the family name is
     * taken as that separator: family "Doe, Jr." with given "Jane" is shown as "Jr.,Jane Doe".
     * Our text keeps the comma escaped, as the format requires.
     */
    @Test
    void mecard_commaInFamilyName_zxingSplitsThere() {
        String text = MeCardPayload.builder().name("Doe, Jr.", "Jane").build().text();
        assertEquals("MECARD:N:Doe\\, Jr.,Jane;;", text);
        assertArrayEquals(new String[] {" Jr.,Jane Doe"}, parse(text, AddressBookParsedResult.class).getNames());
    }

    @Test
    void mecard_noName_isRefused() {
        refused("name", () -> MeCardPayload.builder().org("Acme").build());
        refused("name", () -> MeCardPayload.builder().name("", "\t").build());
    }

    @Test
    void mecard_malformedPhone_isRefused() {
        refused("phone", () -> MeCardPayload.builder().name("Doe", "Jane").phone("12").build());
    }

    @Test
    void mecard_malformedEmail_isRefused() {
        refused("email", () -> MeCardPayload.builder().name("Doe", "Jane").email("jane").build());
    }

    @Test
    void mecard_invalidUrl_isRefused() {
        refused("url", () -> MeCardPayload.builder().name("Doe", "Jane").url("mailto:jane@example.com").build());
    }

    @Test
    void mecard_controlCharacterInTextField_isRefusedForThatField() {
        String bad = "esc\u001b";
        refused("familyName", () -> MeCardPayload.builder().name(bad, "Jane").build());
        refused("givenName", () -> MeCardPayload.builder().name("Doe", bad).build());
        refused("address", () -> MeCardPayload.builder().name("Doe", "Jane").address(bad).build());
        refused("note", () -> MeCardPayload.builder().name("Doe", "Jane").note(bad).build());
        refused("org", () -> MeCardPayload.builder().name("Doe", "Jane").org(bad).build());
    }

    @Test
    void mecard_nullInList_throwsNullPointer() {
        assertThrows(InvalidInputException.class, () -> new MeCardPayload("Doe", null,
                Arrays.asList((String) null), null, null, null, null, null));
        assertThrows(InvalidInputException.class, () -> MeCardPayload.builder().phone(null));
    }
}
