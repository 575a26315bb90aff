package dev.qrly.engine.payload;

import dev.qrly.engine.InvalidInputException;

import static dev.qrly.engine.payload.PayloadAssertions.parse;
import static dev.qrly.engine.payload.PayloadAssertions.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.zxing.client.result.TextParsedResult;
import com.google.zxing.client.result.URIParsedResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UrlPayloadTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com", "http://example.com/", "HTTPS://Example.COM/Path",
            "https://example.com:8443/a/b;p?q=1&r=a,b;c:d/e@f~_.!$'()*+#frag/?x",
            "https://example.com/?from=jane@example.com",
            "https://example.com/%E6%9D%B1%E4%BA%AC", "http://192.0.2.1/", "http://[2001:db8::1]:8080/x"})
    void url_asciiUrl_isEncodedUnchangedAndReadByZxing(String url) {
        UrlPayload payload = new UrlPayload(url);
        assertEquals(url, payload.text());
        assertEquals("url", payload.type());
        URIParsedResult result = parse(payload.text(), URIParsedResult.class);
        assertEquals(url, result.getURI());
        assertFalse(result.isPossiblyMaliciousURI());
    }

    @Test
    void url_nonAsciiCharacters_arePercentEncodedAsUtf8() {
        UrlPayload payload = new UrlPayload("https://example.com/Grüße?q=東京#ä");
        assertEquals("https://example.com/Gr%C3%BC%C3%9Fe?q=%E6%9D%B1%E4%BA%AC#%C3%A4", payload.text());
        assertEquals(payload.text(), parse(payload.text(), URIParsedResult.class).getURI());
    }

    @Test
    void url_internationalisedHost_becomesPunycode() {
        assertEquals("https://xn--mnchen-3ya.de/stra%C3%9Fe",
                new UrlPayload("https://münchen.de/straße").text());
        assertEquals("http://xn--1lqs71d.jp:8080/?a=%C3%BC",
                new UrlPayload("http://東京.jp:8080/?a=ü").text());
        assertEquals("https://xn--bcher-kva.example", new UrlPayload("https://bücher.example").text());
    }

    /**
     * ZXing limitation: URIResultParser treats any colon followed by an at sign with no slash in
     * between as a user name in front of the host (its phishing heuristic), even when both are
     * in the query. Such a valid URL comes back as plain text, so a ZXing-based scanner shows it
     * rather than offering to open it; browsers and the iOS and Android cameras open it. We
     * encode the URL as given: percent-encoding the @ could change what the server receives.
     */
    @Test
    void url_colonThenAtSignInQuery_zxingReadsPlainText() {
        String url = "https://example.com/?t=10:30@home";
        assertEquals(url, new UrlPayload(url).text());
        assertEquals(url, parse(url, TextParsedResult.class).getText());
    }

    @Test
    void url_ofMaximumLength_isAccepted() {
        String url = "https://example.com/" + "a".repeat(UrlPayload.MAX_LENGTH - 20);
        assertEquals(UrlPayload.MAX_LENGTH, new UrlPayload(url).text().length());
    }

    @Test
    void url_tooLong_isRefused() {
        refused("url", () -> new UrlPayload("https://example.com/" + "a".repeat(UrlPayload.MAX_LENGTH - 19)));
    }

    @Test
    void url_tooLongOncePercentEncoded_isRefused() {
        refused("url", () -> new UrlPayload("https://example.com/" + "ü".repeat(400)));
    }

    @Test
    void url_empty_isRefused() {
        refused("url", () -> new UrlPayload(""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com/a b", " https://example.com/", "https://example.com/\n",
            "https://example.com/\t", "https://example.com/\u00a0", "https://example.com/\u0000",
            "https://example.com/\u2028"})
    void url_whitespaceOrControlCharacter_isRefused(String url) {
        refused("url", () -> new UrlPayload(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/", "javascript:alert(1)", "mailto:jane@example.com",
            "example.com", "www.example.com/path", "/relative/path", "//example.com/x", "file:///etc/passwd"})
    void url_notHttpOrHttps_isRefused(String url) {
        refused("url", () -> new UrlPayload(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https:example.com", "http:///path", "https://", "https://:443/", "http://?q=1"})
    void url_withoutHost_isRefused(String url) {
        refused("url", () -> new UrlPayload(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://bank.example@evil.example/", "https://user:pass@example.com/",
            "https://bänk@evil.example/"})
    void url_withUserInfo_isRefused(String url) {
        refused("url", () -> new UrlPayload(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com/%zz", "https://example.com/a<b", "https://example.com/\"q\"",
            "https://example.com/{x}", "https://example.com/a\\b", "https://example.com/#a#b", "https://exa_mple.com/",
            "https://exa%41mple.com/", "https://-example.com/"})
    void url_malformed_isRefused(String url) {
        refused("url", () -> new UrlPayload(url));
    }

    @Test
    void url_null_throwsNullPointer() {
        assertThrows(InvalidInputException.class, () -> new UrlPayload(null));
    }
}
