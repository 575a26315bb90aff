package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.core.scan.ScanSource;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dedicated redirect host: codes at the root, the service's own paths untouched. */
class RootRouteIT {

    @TempDir
    Path dir;

    @Test
    void rootRoute_redirectsAtTheRootAndTellsSourceBySlugCase() throws IOException {
        int port = TestService.freePort();
        String id;
        try (TestService service = new TestService(dir, Map.of("QR_PUBLIC_BASE_URL", "http://127.0.0.1:" + port + "/"))) {
            // TestService picks its own port; this base only shapes the URLs, so read them back
            JsonObject code = service.createCode(service.adminKey, new JsonObject().put("destination", "https://example.com/"));
            id = code.getString("id");
            assertEquals("http://127.0.0.1:" + port + "/" + id.toLowerCase(), code.getString("shortUrl"));
            assertEquals(("HTTP://127.0.0.1:" + port + "/" + id), code.getString("encoded"));
            assertEquals(302, service.scan("/" + id).status());
            assertEquals(302, service.scan("/" + id.toLowerCase()).status());
            assertEquals(404, service.scan("/NOSUCH22").status());
            assertEquals(200, service.get("/healthz", null).status(), "the service's own paths are not slugs");
            assertEquals(200, service.get("/metrics", null).status());
            assertTrue(service.get("/api/v1/codes", service.adminKey).json().containsKey("items"));
        }
        var events = TestService.storedScans(dir, id);
        assertEquals(2, events.size());
        assertTrue(events.stream().anyMatch(e -> e.source() == ScanSource.QR));
        assertTrue(events.stream().anyMatch(e -> e.source() == ScanSource.LINK));
    }
}
