package dev.qrly.engine.payload;

import dev.qrly.engine.InvalidInputException;

import static dev.qrly.engine.payload.PayloadAssertions.AWKWARD;
import static dev.qrly.engine.payload.PayloadAssertions.parse;
import static dev.qrly.engine.payload.PayloadAssertions.refused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.zxing.client.result.EmailAddressParsedResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailPayloadTest {

    @Test
    void email_subjectAndBody_exactText() {
        EmailPayload payload = new EmailPayload("jane@example.com", "Hello World", "1+1=2 & more");
        assertEquals("mailto:jane@example.com?subject=Hello%20World&body=1%2B1%3D2%20%26%20more", payload.text());
        assertEquals("email", payload.type());
    }

    @Test
    void email_addressOnly_hasNoQuery() {
        assertEquals("mailto:jane@example.com", new EmailPayload("jane@example.com").text());
        assertEquals("mailto:jane@example.com", new EmailPayload("jane@example.com", " ", "").text());
    }

    @Test
    void email_bodyOnly_startsQueryWithBody() {
        assertEquals("mailto:jane@example.com?body=Hi", new EmailPayload("jane@example.com", null, "Hi").text());
    }

    @Test
    void email_nonAsciiAndReserved_arePercentEncodedAsUtf8() {
        assertEquals("mailto:jane@example.com?subject=Gr%C3%BC%C3%9Fe%2C%20%E6%9D%B1%E4%BA%AC%21~",
                new EmailPayload("jane@example.com", "Grüße, 東京!~", null).text());
    }

    @Test
    void email_lineBreaksInBody_becomeCrlf() {
        assertEquals("mailto:jane@example.com?body=a%0D%0Ab%0D%0Ac%0D%0Ad",
                new EmailPayload("jane@example.com", null, "a\nb\rc\r\nd").text());
    }

    @Test
    void email_plusInAddress_isPercentEncoded() {
        assertEquals("mailto:jane%2Bnews@example.com", new EmailPayload("jane+news@example.com").text());
    }

    /** RFC 6068 requires CRLF line breaks in the body, so a reader gets CRLF back. */
    @Test
    void email_awkwardSubjectAndBody_roundTripThroughZxing() {
        String subject = "a;b,c:d\\e\"f Grüße, 東京 & x=y?z+%20#";
        EmailAddressParsedResult result = parse(new EmailPayload("jane+news@example.com", subject, AWKWARD).text(),
                EmailAddressParsedResult.class);
        assertArrayEquals(new String[] {"jane+news@example.com"}, result.getTos());
        assertEquals(subject, result.getSubject());
        assertEquals(AWKWARD.replace("\n", "\r\n"), result.getBody());
    }

    @Test
    void email_awkwardLocalPart_roundTripsThroughZxing() {
        String address = "jürgen.o'neil&co=1;x%y@mail.example.de";
        EmailAddressParsedResult result = parse(new EmailPayload(address).text(), EmailAddressParsedResult.class);
        assertArrayEquals(new String[] {address}, result.getTos());
        assertNull(result.getSubject());
    }

    /**
     * ZXing limitation: EmailAddressResultParser percent-decodes the addresses before splitting
     * them at commas, so an encoded comma in a local part (%2C, which is how RFC 6068 keeps it
     * apart from the separator) splits one address into two. Readers that split first, as the
     * RFC intends, get the address back. We keep the correct encoding.
     */
    @Test
    void email_commaInLocalPart_zxingSplitsAddress() {
        String text = new EmailPayload("last,first@example.com").text();
        assertEquals("mailto:last%2Cfirst@example.com", text);
        assertArrayEquals(new String[] {"last", "first@example.com"},
                parse(text, EmailAddressParsedResult.class).getTos());
    }

    @Test
    void email_longestAddress_isAccepted() {
        String address = "a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);
        assertEquals(254, address.length());
        assertEquals(address, new EmailPayload(address).address());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "jane", "jane.example.com", "jane@@example.com", "jane@doe@example.com",
            "@example.com", "ja ne@example.com", "jane\t@example.com", "ja\u00a0ne@example.com",
            "jane@localhost", "jane@example..com", "jane@.example.com", "jane@example.com.", "jane@-example.com",
            "jane@example-.com", "jane@exa_mple.com", "jane@exämple.com", "jane@example.com ", "jane@[127.0.0.1]"})
    void email_malformedAddress_isRefused(String address) {
        refused("email", () -> new EmailPayload(address));
    }

    @Test
    void email_addressTooLong_isRefused() {
        String address = "a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(62);
        refused("email", () -> new EmailPayload(address));
    }

    @Test
    void email_localPartTooLong_isRefused() {
        refused("email", () -> new EmailPayload("a".repeat(65) + "@example.com"));
    }

    @Test
    void email_domainLabelTooLong_isRefused() {
        refused("email", () -> new EmailPayload("jane@" + "b".repeat(64) + ".com"));
    }

    @Test
    void email_subjectWithLineBreak_isRefused() {
        refused("subject", () -> new EmailPayload("jane@example.com", "Hi\r\nBcc: all@example.com", null));
    }

    @Test
    void email_bodyWithControlCharacter_isRefused() {
        refused("body", () -> new EmailPayload("jane@example.com", null, "nul\0"));
    }

    @Test
    void email_nullAddress_throwsNullPointer() {
        assertThrows(InvalidInputException.class, () -> new EmailPayload(null));
    }
}
