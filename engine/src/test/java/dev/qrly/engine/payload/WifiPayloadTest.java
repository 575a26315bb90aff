package dev.qrly.engine.payload;

import static dev.qrly.engine.payload.PayloadAssertions.parse;
import static dev.qrly.engine.payload.PayloadAssertions.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.client.result.WifiParsedResult;
import dev.qrly.engine.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WifiPayloadTest {

    private static final String HEX64 = "0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789ABCDEF";

    @Test
    void wifi_specialCharacters_areEscapedWithBackslash() {
        WifiPayload payload = new WifiPayload("Café;Bar", WifiSecurity.WPA, "pa:ss,wo\"rd\\;");
        assertEquals("WIFI:T:WPA;S:Café\\;Bar;P:pa\\:ss\\,wo\\\"rd\\\\\\;;;", payload.text());
        assertEquals("wifi", payload.type());
    }

    @Test
    void wifi_hidden_addsHiddenFlag() {
        assertEquals("WIFI:T:WPA;S:Home;P:correct horse;H:true;;",
                new WifiPayload("Home", WifiSecurity.WPA, "correct horse", true).text());
    }

    @Test
    void wifi_nopass_leavesPasswordOut() {
        assertEquals("WIFI:T:nopass;S:Guest;;", new WifiPayload("Guest", WifiSecurity.NOPASS, null).text());
        assertEquals("WIFI:T:nopass;S:Guest;;", new WifiPayload("Guest", WifiSecurity.NOPASS, "").text());
    }

    @Test
    void wifi_wep_exactText() {
        assertEquals("WIFI:T:WEP;S:Old;P:12345;;", new WifiPayload("Old", WifiSecurity.WEP, "12345").text());
    }

    @Test
    void wifi_awkwardSsidAndPassword_roundTripThroughZxing() {
        String ssid = "a;b,c:d\\e\"f Grüße, 東京";
        String password = "p;a,s:s\\w\"d P:S:H:";
        WifiParsedResult result = parse(new WifiPayload(ssid, WifiSecurity.WPA, password, true).text(),
                WifiParsedResult.class);
        assertEquals(ssid, result.getSsid());
        assertEquals(password, result.getPassword());
        assertEquals("WPA", result.getNetworkEncryption());
        assertTrue(result.isHidden());
    }

    @Test
    void wifi_openNetwork_roundTripsThroughZxing() {
        WifiParsedResult result = parse(new WifiPayload("Guest", WifiSecurity.NOPASS, null).text(),
                WifiParsedResult.class);
        assertEquals("Guest", result.getSsid());
        assertEquals("nopass", result.getNetworkEncryption());
        assertNull(result.getPassword());
        assertFalse(result.isHidden());
    }

    @Test
    void wifi_ssidOf32BytesInUtf8_isAccepted() {
        String ssid = "東京東京東京東京東京ab"; // 10 × 3 bytes + 2
        assertEquals(ssid, new WifiPayload(ssid, WifiSecurity.NOPASS, null).ssid());
    }

    @Test
    void wifi_ssidOver32BytesInUtf8_isRefused() {
        refused("ssid", () -> new WifiPayload("東京東京東京東京東京東", WifiSecurity.NOPASS, null)); // 33 bytes
        refused("ssid", () -> new WifiPayload("x".repeat(33), WifiSecurity.NOPASS, null));
    }

    @Test
    void wifi_ssidEmpty_isRefused() {
        refused("ssid", () -> new WifiPayload("", WifiSecurity.NOPASS, null));
    }

    @Test
    void wifi_ssidWithLineBreak_isRefused() {
        refused("ssid", () -> new WifiPayload("Home\n", WifiSecurity.NOPASS, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345678", "correct horse battery staple", "~!@#$%^&*()_+{}|:\"<>? `-=[]\\;',./",
            HEX64})
    void wifi_validWpaPassword_isAccepted(String password) {
        assertEquals(password, new WifiPayload("Home", WifiSecurity.WPA, password).password());
    }

    @Test
    void wifi_wpaPasswordOf63Characters_isAccepted() {
        String password = "x".repeat(63);
        assertEquals(password, new WifiPayload("Home", WifiSecurity.WPA, password).password());
    }

    @Test
    void wifi_passwordTooShort_isRefused() {
        refused("password", () -> new WifiPayload("Home", WifiSecurity.WPA, "1234567"));
    }

    @Test
    void wifi_passwordTooLong_isRefused() {
        refused("password", () -> new WifiPayload("Home", WifiSecurity.WPA, "x".repeat(65)));
    }

    @Test
    void wifi_wpaPasswordOf64NonHexCharacters_isRefused() {
        refused("password", () -> new WifiPayload("Home", WifiSecurity.WPA, HEX64.substring(1) + "g"));
    }

    @Test
    void wifi_wpaPasswordNotAscii_isRefused() {
        refused("password", () -> new WifiPayload("Home", WifiSecurity.WPA, "Grüße1234"));
        refused("password", () -> new WifiPayload("Home", WifiSecurity.WPA, "tab\tin password"));
    }

    @Test
    void wifi_wpaWithoutPassword_isRefused() {
        refused("password", () -> new WifiPayload("Home", WifiSecurity.WPA, null));
        refused("password", () -> new WifiPayload("Home", WifiSecurity.WPA, ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abcde", "abcdefghijklm", "0123456789", "0123456789abcdefABCDEF0123"})
    void wifi_validWepPassword_isAccepted(String password) {
        assertEquals(password, new WifiPayload("Old", WifiSecurity.WEP, password).password());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abcd", "abcdef", "012345678g", "0123456789abcdefABCDEF012g", "abcdefghijklmn",
            "ab\u00e7de"})
    void wifi_invalidWepPassword_isRefused(String password) {
        refused("password", () -> new WifiPayload("Old", WifiSecurity.WEP, password));
    }

    @Test
    void wifi_wepWithoutPassword_isRefused() {
        refused("password", () -> new WifiPayload("Old", WifiSecurity.WEP, null));
    }

    @Test
    void wifi_nopassWithPassword_isRefused() {
        refused("password", () -> new WifiPayload("Guest", WifiSecurity.NOPASS, "secret123"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"secret7", "Grüße-secret", "s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t"})
    void wifi_refusedPassword_isNotEchoed(String password) {
        for (WifiSecurity security : WifiSecurity.values()) {
            InvalidInputException e = refused("password", () -> new WifiPayload("Home", security, password));
            assertFalse(e.getMessage().contains(password), e.getMessage());
        }
    }

    @Test
    void wifi_toString_hidesPassword() {
        String shown = new WifiPayload("Home", WifiSecurity.WPA, "correct horse").toString();
        assertFalse(shown.contains("correct horse"), shown);
        assertTrue(shown.contains("Home"), shown);
    }

    @Test
    void wifi_nullSsidOrSecurity_throwsNullPointer() {
        assertThrows(InvalidInputException.class, () -> new WifiPayload(null, WifiSecurity.NOPASS, null));
        assertThrows(InvalidInputException.class, () -> new WifiPayload("Home", null, null));
    }

    @Test
    void security_parse_acceptsAnyCase() {
        assertEquals(WifiSecurity.WPA, WifiSecurity.parse(" wpa ", "security"));
        assertEquals(WifiSecurity.WEP, WifiSecurity.parse("WEP", "security"));
        assertEquals(WifiSecurity.NOPASS, WifiSecurity.parse("NoPass", "security"));
    }

    @Test
    void security_parseUnknown_isRefused() {
        refused("security", () -> WifiSecurity.parse("WPA2", "security"));
        refused("security", () -> WifiSecurity.parse(null, "security"));
    }
}
