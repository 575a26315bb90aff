package dev.qrly.core.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.core.scan.ScanEvent;
import dev.qrly.core.scan.ScanSource;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnricherTest {

    private static final Client PHONE = new Client(DeviceClass.MOBILE, "iOS", "Safari", null);
    private static final GeoLocator PARIS = new GeoLocator() {
        @Override
        public Place locate(String ip) {
            return new Place("FR", "Paris");
        }

        @Override
        public String describe() {
            return "Paris for everyone";
        }
    };
    private final Enricher enricher = new Enricher(agent -> PHONE, PARIS, new IpHasher(new byte[16]));

    private static ScanEvent event(boolean head, boolean prefetch, String referrer) {
        return new ScanEvent(UUID.randomUUID(), "CODE2345", "t", Instant.parse("2026-11-22T10:00:00Z"), "203.0.113.9", "Phone",
                referrer, "fr", ScanSource.QR, head, prefetch, ScanEvent.Outcome.REDIRECTED, null);
    }

    @Test
    void person_keepsTheAgentsClient_andGetsPlaceAndHash() {
        Scan scan = enricher.enrich(event(false, false, null));
        assertFalse(scan.bot());
        assertEquals(PHONE, scan.client());
        assertEquals("FR", scan.place().country());
        assertEquals(new IpHasher(new byte[16]).hash("203.0.113.9"), scan.ipHash());
    }

    @Test
    void headRequest_andPrefetch_areBots_keepingOsAndBrowser() {
        Scan head = enricher.enrich(event(true, false, null));
        assertTrue(head.bot());
        assertEquals(Enricher.HEAD_REQUEST, head.client().botName());
        assertEquals("iOS", head.client().os());
        assertEquals(Enricher.PREFETCH, enricher.enrich(event(false, true, null)).client().botName());
    }

    @Test
    void floodingClient_isABotNamedFlood_keepingOsAndBrowser() {
        ScanEvent flood = new ScanEvent(UUID.randomUUID(), "CODE2345", "t", Instant.parse("2026-11-22T10:00:00Z"), "203.0.113.9",
                "Phone", null, "fr", ScanSource.QR, false, false, ScanEvent.Outcome.REDIRECTED, null, true);
        Scan scan = enricher.enrich(flood);
        assertTrue(scan.bot());
        assertEquals(Enricher.FLOOD, scan.client().botName());
        assertEquals("Safari", scan.client().browser());
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
        "https://www.instagram.com/p/1, instagram.com",
        "HTTP://News.Example.ORG:8080/story?x=1, news.example.org",
        "https://user:pass@host.example/, host.example",
        "https://example.com., example.com",
        "https://[2001:db8::1]:443/a, [2001:db8::1]",
        "android-app://com.slack/, NULL",
        "javascript:alert(1), NULL",
        "https://exa mple.com/, NULL",
        "https://bad^host/, NULL",
        "'', NULL",
        "https:///nohost, NULL",
        "https://www./, www",
    })
    void referrerHost(String referrer, String host) {
        assertEquals(host, Enricher.host(referrer));
    }

    @Test
    void referrerHost_missing_isNull() {
        assertNull(Enricher.host(null));
    }
}
