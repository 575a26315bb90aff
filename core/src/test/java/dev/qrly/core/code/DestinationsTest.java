package dev.qrly.core.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.core.DomainException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DestinationsTest {

    private final Destinations destinations = new Destinations(Set.of("blocked.example"));

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            https://example.com/menu                    | https://example.com/menu
            HTTPS://Example.COM/Menu?A=1#Top            | https://example.com/Menu?A=1#Top
            http://example.com                          | http://example.com/
            https://example.com:8443/x                  | https://example.com:8443/x
            https://bücher.example/straße               | https://xn--bcher-kva.example/stra%C3%9Fe
            https://my_host.example:8080/a              | https://my_host.example:8080/a
            https://[2001:db8::1]/x                     | https://[2001:db8::1]/x
            https://example.com./                       | https://example.com/
            """)
    void check_validUrl_isNormalised(String input, String expected) {
        assertEquals(expected, destinations.check(input));
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "data:text/html,x", "ftp://example.com/", "mailto:a@example.com",
        "http://exa mple.com", "https://example.com/\r\nSet-Cookie: x", "https://example.com/\u0000", "//example.com/x",
        "/relative", "https://user:pw@example.com/", "https://@example.com/", "https:///path", "https://example.com:99999/",
        "https://a.blocked.example/", "https://blocked.example/", " https://example.com/", "https://exa\tmple.com/"})
    void check_invalid_isRefusedNamingDestination(String input) {
        DomainException e = assertThrows(DomainException.class, () -> destinations.check(input));
        assertEquals("destination", e.field());
        assertEquals(DomainException.Kind.INVALID, e.kind());
    }

    @Test
    void check_tooLong_isRefused() {
        DomainException e = assertThrows(DomainException.class, () -> destinations.check("https://example.com/" + "a".repeat(2048)));
        assertTrue(e.getMessage().contains("2048"), e.getMessage());
    }

    @Test
    void check_deniedHostLookalike_isAllowed() {
        assertEquals("https://notblocked.example/", destinations.check("https://notblocked.example/"));
    }

    @Test
    void check_denyEntryInAnotherSpelling_refusesEverySpellingOfTheHost() {
        Destinations spelled = new Destinations(Set.of("0x7f.1", "ＢＬＯＣＫＥＤ.example.", "[0::1]"));
        for (String url : new String[] {"http://127.0.0.1/", "http://2130706433/", "https://a.blocked.example/", "http://[::1]:8080/"}) {
            DomainException e = assertThrows(DomainException.class, () -> spelled.check(url), url);
            assertTrue(e.getMessage().contains("not allowed"), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b.example", "a@b.example", "256.256.256.256", "[::1", "."})
    void deniedHost_notAHost_isRefusedNamingTheEntry(String entry) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Destinations.deniedHost(entry));
        assertTrue(e.getMessage().contains(entry), e.getMessage());
    }
}
