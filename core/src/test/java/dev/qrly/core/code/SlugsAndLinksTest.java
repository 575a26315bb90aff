package dev.qrly.core.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.core.DomainException;
import dev.qrly.core.scan.ScanSource;
import dev.qrly.engine.QrEncoder;
import dev.qrly.engine.SegmentMode;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SlugsAndLinksTest {

    @Test
    void newId_isEightUnambiguousUpperCaseCharacters() {
        Random random = new Random(7);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = Slugs.newId(random);
            assertEquals(8, id.length());
            assertTrue(id.chars().noneMatch(c -> c == '0' || c == 'O' || c == '1' || c == 'I'), id);
            assertTrue(seen.add(id));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "LUNCH", "spring-2027", "a1b2c3", "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"})
    void checkVanity_valid_isKept(String slug) {
        assertEquals(slug, Slugs.checkVanity(slug));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "a b", "a_b", "ünï", "-ab", "ab-", "api", "API", "healthz", "r", "i", "metrics", "a/b", "a.b"})
    void checkVanity_invalid_isRefused(String slug) {
        assertEquals("slug", assertThrows(DomainException.class, () -> Slugs.checkVanity(slug)).field());
    }

    @Test
    void shortLinks_routeBase_upperCasesTheEncodedForm() {
        ShortLinks links = new ShortLinks("http://localhost:8080/r/");
        assertEquals("http://localhost:8080/r/7K3M9Q2X", links.shortUrl("7K3M9Q2X"));
        assertEquals("HTTP://LOCALHOST:8080/R/7K3M9Q2X", links.encoded("7K3M9Q2X"));
        assertEquals("HTTP://LOCALHOST:8080/R/LUNCH", links.encoded("Lunch"));
        assertEquals("/r/", links.routePath());
        assertEquals(ScanSource.QR, links.sourceOf("R", "7K3M9Q2X"));
        assertEquals(ScanSource.LINK, links.sourceOf("r", "7K3M9Q2X"));
        assertEquals(List.of(SegmentMode.ALPHANUMERIC), QrEncoder.encode(links.encoded("7K3M9Q2X")).segmentModes());
    }

    @Test
    void shortLinks_rootBase_tellsSourceBySlugCase() {
        ShortLinks links = new ShortLinks("https://go.example.com/");
        assertEquals("https://go.example.com/7k3m9q2x", links.shortUrl("7K3M9Q2X"));
        assertEquals("HTTPS://GO.EXAMPLE.COM/7K3M9Q2X", links.encoded("7K3M9Q2X"));
        assertEquals(ScanSource.QR, links.sourceOf("", "7K3M9Q2X"));
        assertEquals(ScanSource.LINK, links.sourceOf("", "7k3m9q2x"));
    }

    @Test
    void shortLinks_pathThatCannotBeUpperCased_encodesAsIs() {
        ShortLinks links = new ShortLinks("https://example.com/q_r/");
        assertEquals("https://example.com/q_r/ABC", links.encoded("ABC"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://x.example/", "https://x.example/r", "https://x.example/?a=1/", "/r/", "https://u@x.example/"})
    void shortLinks_badBase_isRefused(String base) {
        assertThrows(IllegalArgumentException.class, () -> new ShortLinks(base));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:8080/r/", "http://LOCALHOST/", "http://127.0.0.1:9000/r/", "http://127.10.0.3/",
            "http://[::1]:8080/r/", "http://[0:0:0:0:0:0:0:1]/", "http://qr.localhost/"})
    void shortLinks_loopbackBase_isLoopback(String base) {
        assertTrue(new ShortLinks(base).loopback(), base);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://go.example.com/", "http://192.168.1.20:8080/r/", "http://127.0.0.1.example.com/",
            "http://localhost.example/", "http://[::2]/", "http://128.0.0.1/", "http://[2001:db8::1]/"})
    void shortLinks_reachableBase_isNotLoopback(String base) {
        assertFalse(new ShortLinks(base).loopback(), base);
    }
}
