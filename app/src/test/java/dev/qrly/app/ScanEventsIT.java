package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qrly.core.scan.ScanEvent;
import dev.qrly.core.scan.ScanSource;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every request that reaches a known code becomes one stored scan event, and a stop loses none. */
class ScanEventsIT {

    @TempDir
    Path dir;

    @Test
    void everyScanOfAKnownCode_isStoredOnce_withSourceAndHeaders() {
        String id;
        try (TestService service = new TestService(dir, Map.of("QR_TRUSTED_PROXIES", "127.0.0.1/32"))) {
            JsonObject code = service.createCode(service.adminKey, new JsonObject().put("destination", "https://example.com/"));
            id = code.getString("id");
            service.send("GET", "/R/" + id, null, null, null, Map.of("User-Agent", "Phone/1.0", "X-Forwarded-For", "203.0.113.7",
                    "Accept-Language", "fr-FR"));
            service.clock.advance(java.time.Duration.ofSeconds(1)); // events are listed by time
            service.send("GET", "/r/" + id, null, null, null, Map.of("Referer", "https://social.example/post"));
            service.clock.advance(java.time.Duration.ofSeconds(1));
            service.send("HEAD", "/r/" + id, null, null, null, Map.of("Sec-Purpose", "prefetch"));
            service.clock.advance(java.time.Duration.ofSeconds(1));
            service.patch("/api/v1/codes/" + id, service.adminKey, new JsonObject().put("active", false));
            service.scan("/r/" + id); // 410: still a scan of a known code
            service.scan("/r/NOSUCH22"); // unknown: no event
        } // stop: the queue is flushed before the store closes
        {
            List<ScanEvent> events = TestService.storedScans(dir, id);
            assertEquals(4, events.size());
            assertEquals(ScanSource.QR, events.get(0).source());
            assertEquals("203.0.113.7", events.get(0).ip(), "X-Forwarded-For believed from a trusted proxy");
            assertEquals("Phone/1.0", events.get(0).userAgent());
            assertEquals("fr-FR", events.get(0).acceptLanguage());
            assertEquals(ScanSource.LINK, events.get(1).source());
            assertEquals("https://social.example/post", events.get(1).referrer());
            assertEquals(true, events.get(2).head());
            assertEquals(true, events.get(2).prefetch());
            assertEquals(ScanEvent.Outcome.GONE, events.get(3).outcome());
        }
    }

    @Test
    void forwardedFor_fromAnUntrustedPeer_isIgnored() {
        String id;
        try (TestService service = new TestService(dir, Map.of())) {
            id = service.createCode(service.adminKey, new JsonObject().put("destination", "https://example.com/")).getString("id");
            service.send("GET", "/r/" + id, null, null, null, Map.of("X-Forwarded-For", "198.51.100.1"));
        }
        assertEquals("127.0.0.1", TestService.storedScans(dir, id).get(0).ip());
    }

    @Test
    void stop_underLoad_storesExactlyTheScansAnswered() throws Exception {
        String id;
        int answered = 0;
        try (TestService service = new TestService(dir, Map.of("QR_RATE_LIMIT_IP", "100000/100000", "QR_FLUSH_MS", "1000"))) {
            id = service.createCode(service.adminKey, new JsonObject().put("destination", "https://example.com/")).getString("id");
            for (int i = 0; i < 500; i++) {
                if (service.scan("/r/" + id).status() == 302) {
                    answered++;
                }
            }
        }
        assertEquals(500, answered);
        assertEquals(answered, TestService.storedScans(dir, id).size());
    }
}
