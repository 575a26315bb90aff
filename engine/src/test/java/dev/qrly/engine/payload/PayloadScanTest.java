package dev.qrly.engine.payload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.google.zxing.client.result.AddressBookParsedResult;
import com.google.zxing.client.result.EmailAddressParsedResult;
import com.google.zxing.client.result.GeoParsedResult;
import com.google.zxing.client.result.ParsedResult;
import com.google.zxing.client.result.ResultParser;
import com.google.zxing.client.result.SMSParsedResult;
import com.google.zxing.client.result.WifiParsedResult;
import dev.qrly.engine.Decoders;
import dev.qrly.engine.QrEncoder;
import dev.qrly.engine.render.PngRenderer;
import dev.qrly.engine.render.Style;
import org.junit.jupiter.api.Test;

/**
 * The whole way a phone goes: payload → QR image → decoded text → the phone's parser. What the
 * parser reads back must be the fields that went in, awkward characters included.
 */
class PayloadScanTest {

    private static <T extends ParsedResult> T scan(Payload payload, Class<T> kind) {
        byte[] png = PngRenderer.render(QrEncoder.encode(payload.text()), Style.defaults(), 600);
        ParsedResult parsed = ResultParser.parseResult(Decoders.zxing(Decoders.png(png)));
        return assertInstanceOf(kind, parsed);
    }

    @Test
    void wifi_scanned_givesBackSsidPasswordAndHidden() {
        WifiParsedResult wifi = scan(new WifiPayload("Café ;Guest:5G", WifiSecurity.WPA, "p\\ss,word\"1;", true), WifiParsedResult.class);
        assertEquals("Café ;Guest:5G", wifi.getSsid());
        assertEquals("p\\ss,word\"1;", wifi.getPassword());
        assertEquals("WPA", wifi.getNetworkEncryption());
        assertEquals(true, wifi.isHidden());
    }

    @Test
    void vcard_scanned_givesBackNameOrgPhoneEmailAndNote() {
        VCardPayload card = VCardPayload.builder().givenName("Anna").familyName("Müller").org("Café; Bar, Ltd")
                .phone("+33 6 12 34 56 78", Phone.Type.CELL).email("anna@example.com").note("line one\nline two: \"x\"").build();
        AddressBookParsedResult parsed = scan(card, AddressBookParsedResult.class);
        assertArrayEquals(new String[] {"Anna Müller"}, parsed.getNames());
        assertEquals("Café; Bar, Ltd", parsed.getOrg());
        assertArrayEquals(new String[] {"+33612345678"}, parsed.getPhoneNumbers());
        assertArrayEquals(new String[] {"anna@example.com"}, parsed.getEmails());
        assertEquals("line one\nline two: \"x\"", parsed.getNote());
    }

    @Test
    void email_scanned_givesBackAddressSubjectAndBody() {
        EmailAddressParsedResult mail = scan(new EmailPayload("hello@example.com", "Table 12 & more", "Hi, late: 10 min"),
                EmailAddressParsedResult.class);
        assertArrayEquals(new String[] {"hello@example.com"}, mail.getTos());
        assertEquals("Table 12 & more", mail.getSubject());
        assertEquals("Hi, late: 10 min", mail.getBody());
    }

    @Test
    void sms_scanned_givesBackNumberAndMessage() {
        SMSParsedResult sms = scan(new SmsPayload("+1 (555) 123-4567", "At 7: bring tickets"), SMSParsedResult.class);
        assertArrayEquals(new String[] {"+15551234567"}, sms.getNumbers());
        assertEquals("At 7: bring tickets", sms.getBody());
    }

    @Test
    void geo_scanned_givesBackCoordinates() {
        GeoParsedResult geo = scan(new GeoPayload(-33.8567844, 151.2152967), GeoParsedResult.class);
        assertEquals(-33.8567844, geo.getLatitude(), 1e-9);
        assertEquals(151.2152967, geo.getLongitude(), 1e-9);
    }
}
