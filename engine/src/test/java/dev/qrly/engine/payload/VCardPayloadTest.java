package dev.qrly.engine.payload;

import dev.qrly.engine.InvalidInputException;

import static dev.qrly.engine.payload.PayloadAssertions.AWKWARD;
import static dev.qrly.engine.payload.PayloadAssertions.parse;
import static dev.qrly.engine.payload.PayloadAssertions.refused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.zxing.client.result.AddressBookParsedResult;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class VCardPayloadTest {

    @Test
    void vcard_givenAndFamilyName_exactText() {
        VCardPayload card = VCardPayload.builder().givenName("Jane").familyName("Doe").build();
        assertEquals("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Doe;Jane;;;\r\nFN:Jane Doe\r\nEND:VCARD\r\n", card.text());
        assertEquals("vcard", card.type());
    }

    @Test
    void vcard_everyField_exactText() {
        VCardPayload card = VCardPayload.builder()
                .name("Dr. Jane Doe, PhD").givenName("Jane").familyName("Doe")
                .org("Acme; Inc.").title("Head of R&D")
                .phone("+41 44 668 18 00", Phone.Type.WORK).phone("079 123 45 67", null)
                .email("jane@example.com").email("jd@example.org")
                .url("https://example.com/jane?a=1,2;b")
                .address(new PostalAddress("Main St. 1\nFloor 2", "Zürich", "ZH", "8001", "Switzerland"))
                .note("C:\\temp\r\nsecond line")
                .build();
        assertEquals("BEGIN:VCARD\r\n"
                + "VERSION:3.0\r\n"
                + "N:Doe;Jane;;;\r\n"
                + "FN:Dr. Jane Doe\\, PhD\r\n"
                + "ORG:Acme\\; Inc.\r\n"
                + "TITLE:Head of R&D\r\n"
                + "TEL;TYPE=WORK:+41446681800\r\n"
                + "TEL:0791234567\r\n"
                + "EMAIL:jane@example.com\r\n"
                + "EMAIL:jd@example.org\r\n"
                + "URL:https://example.com/jane?a=1,2;b\r\n"
                + "ADR:;;Main St. 1\\nFloor 2;Zürich;ZH;8001;Switzerland\r\n"
                + "NOTE:C:\\\\temp\\nsecond line\r\n"
                + "END:VCARD\r\n", card.text());
    }

    @Test
    void vcard_lineBreaks_becomeEscapedNewlines() {
        assertEquals("a\\nb\\nc\\nd\\n\\ne", VCardPayload.escape("a\nb\rc\r\nd\n\re"));
    }

    @Test
    void vcard_awkwardCharactersInEveryTextField_roundTripThroughZxing() {
        VCardPayload card = VCardPayload.builder()
                .name(AWKWARD).givenName(AWKWARD).familyName(AWKWARD).org(AWKWARD).title(AWKWARD)
                .phone("+41 (44) 668-18.00", Phone.Type.WORK).phone("079 123 45 67", Phone.Type.CELL)
                .email("a;b,c\\d\"e@example.com").email("jane@example.com")
                .url("https://example.com/a;b,c?x=1,2")
                .address(new PostalAddress(AWKWARD, AWKWARD, AWKWARD, AWKWARD, AWKWARD))
                .note(AWKWARD)
                .build();
        AddressBookParsedResult result = parse(card.text(), AddressBookParsedResult.class);
        assertArrayEquals(new String[] {AWKWARD}, result.getNames());
        assertEquals(AWKWARD, result.getOrg());
        assertEquals(AWKWARD, result.getTitle());
        assertEquals(AWKWARD, result.getNote());
        // ZXing joins the parts of an address with line breaks.
        assertArrayEquals(new String[] {String.join("\n", AWKWARD, AWKWARD, AWKWARD, AWKWARD, AWKWARD)},
                result.getAddresses());
        assertArrayEquals(new String[] {"+41446681800", "0791234567"}, result.getPhoneNumbers());
        assertArrayEquals(new String[] {"WORK", "CELL"}, result.getPhoneTypes());
        assertArrayEquals(new String[] {"a;b,c\\d\"e@example.com", "jane@example.com"}, result.getEmails());
        assertArrayEquals(new String[] {"https://example.com/a;b,c?x=1,2"}, result.getURLs());
    }

    @Test
    void vcard_partialAddress_roundTripsThroughZxing() {
        VCardPayload card = VCardPayload.builder().name("Jane")
                .address(new PostalAddress(null, "東京", null, "100-0001", null)).build();
        assertEquals("ADR:;;;東京;;100-0001;", card.text().split("\r\n")[4]);
        assertArrayEquals(new String[] {"東京\n100-0001"}, parse(card.text(), AddressBookParsedResult.class).getAddresses());
    }

    @Test
    void vcard_formattedNameMissing_isDerivedFromGivenAndFamilyName() {
        assertEquals("Jane Doe", VCardPayload.builder().givenName("Jane").familyName("Doe").build().formattedName());
        assertEquals("Jane", VCardPayload.builder().givenName("Jane").familyName(" ").build().formattedName());
        assertEquals("Doe", VCardPayload.builder().familyName("Doe").build().formattedName());
    }

    @Test
    void vcard_formattedNameOnly_hasEmptyStructuredName() {
        VCardPayload card = VCardPayload.builder().name("Acme Support").build();
        assertEquals("N:;;;;", card.text().split("\r\n")[2]);
        assertArrayEquals(new String[] {"Acme Support"}, parse(card.text(), AddressBookParsedResult.class).getNames());
    }

    @Test
    void vcard_blankOptionalFields_areLeftOut() {
        VCardPayload card = new VCardPayload("Jane", "", null, " ", "\n", null, null, "", null, "\t");
        assertNull(card.org());
        assertEquals(List.of(), card.phones());
        assertEquals("BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nFN:Jane\r\nEND:VCARD\r\n", card.text());
    }

    @Test
    void vcard_lists_areCopied() {
        List<Phone> phones = new java.util.ArrayList<>(List.of(new Phone("112")));
        VCardPayload card = new VCardPayload("Jane", null, null, null, null, phones, null, null, null, null);
        phones.clear();
        assertEquals(List.of(new Phone("112")), card.phones());
    }

    /**
     * ZXing limitation: VCardResultParser turns every {@code \n} into a line break before it
     * unescapes {@code \\}, so a backslash followed by n or N (a Windows path, say) comes back
     * as a backslash and a line break. Our text is correct per RFC 2426 ({@code C:\\new}); phone
     * address books, which unescape in one pass, show {@code C:\new}.
     */
    @Test
    void vcard_backslashBeforeLetterN_zxingReadsLineBreak() {
        VCardPayload card = VCardPayload.builder().name("C:\\new \\N").build();
        assertEquals("FN:C:\\\\new \\\\N", card.text().split("\r\n")[3]);
        assertArrayEquals(new String[] {"C:\\\new \\\n"},
                parse(card.text(), AddressBookParsedResult.class).getNames());
    }

    /**
     * ZXing limitation: VCardResultParser splits ADR at semicolons not preceded by a backslash,
     * without noticing that the backslash is itself escaped, so a part ending in a backslash
     * swallows the next separator: "Main\" and "City" come back as one part "Main\;City".
     */
    @Test
    void vcard_addressPartEndingInBackslash_zxingMergesWithNextPart() {
        VCardPayload card = VCardPayload.builder().name("Jane")
                .address(new PostalAddress("Main\\", "City", null, null, null)).build();
        assertEquals("ADR:;;Main\\\\;City;;;", card.text().split("\r\n")[4]);
        assertArrayEquals(new String[] {"Main\\;City"}, parse(card.text(), AddressBookParsedResult.class).getAddresses());
    }

    @Test
    void vcard_noName_isRefused() {
        refused("name", () -> VCardPayload.builder().org("Acme").build());
        refused("name", () -> VCardPayload.builder().name(" ").givenName("").familyName("\n").build());
    }

    @Test
    void vcard_malformedEmail_isRefused() {
        refused("email", () -> VCardPayload.builder().name("Jane").email("jane@example").build());
    }

    @Test
    void vcard_malformedPhone_isRefused() {
        refused("phone", () -> VCardPayload.builder().phone("call me", Phone.Type.CELL));
        refused("phone", () -> new Phone("12"));
    }

    @Test
    void vcard_invalidUrl_isRefused() {
        refused("url", () -> VCardPayload.builder().name("Jane").url("example.com").build());
    }

    @Test
    void vcard_controlCharacterInTextField_isRefusedForThatField() {
        for (String field : Arrays.asList("name", "givenName", "familyName", "org", "title", "note")) {
            String bad = "bell\u0007";
            VCardPayload.Builder builder = VCardPayload.builder().name("Jane");
            switch (field) {
                case "name" -> builder.name(bad);
                case "givenName" -> builder.givenName(bad);
                case "familyName" -> builder.familyName(bad);
                case "org" -> builder.org(bad);
                case "title" -> builder.title(bad);
                default -> builder.note(bad);
            }
            refused(field, builder::build);
        }
    }

    @Test
    void vcard_emptyAddress_isRefused() {
        refused("address", () -> new PostalAddress(null, "", " ", "\n", null));
    }

    @Test
    void vcard_controlCharacterInAddress_isRefusedForThatPart() {
        refused("street", () -> new PostalAddress("a\0", null, null, null, null));
        refused("city", () -> new PostalAddress(null, "a\u001b", null, null, null));
        refused("region", () -> new PostalAddress(null, null, "a\u0085", null, null));
        refused("postcode", () -> new PostalAddress(null, null, null, "a\u007f", null));
        refused("country", () -> new PostalAddress(null, null, null, null, "a\u0000"));
    }

    @Test
    void vcard_nullPhoneObjectOrMissingEmail_isRefused() {
        // a null Phone is a programming error; a missing e-mail is a client's missing field
        assertThrows(NullPointerException.class, () -> new VCardPayload("Jane", null, null, null, null,
                Arrays.asList((Phone) null), null, null, null, null));
        assertThrows(InvalidInputException.class, () -> VCardPayload.builder().email(null));
    }
}
