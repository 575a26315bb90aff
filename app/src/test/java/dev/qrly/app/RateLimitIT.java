package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RateLimitIT {

    @TempDir
    Path dir;

    @Test
    void scansOverTheClientLimit_get429WithRetryAfter() {
        try (TestService service = new TestService(dir, Map.of("QR_RATE_LIMIT_IP", "5/0.01"))) {
            String id = service.createCode(service.adminKey, new JsonObject().put("destination", "https://example.com/")).getString("id");
            for (int i = 0; i < 5; i++) {
                assertEquals(302, service.scan("/r/" + id).status());
            }
            TestService.Reply limited = service.scan("/r/" + id);
            assertEquals(429, limited.status());
            assertNotNull(limited.header("Retry-After"));
            assertTrue(Long.parseLong(limited.header("Retry-After")) >= 1);
            assertEquals(429, service.scan("/r/NOSUCHXX").status(), "the limit comes before any lookup");
        }
    }

    @Test
    void scansOverTheCodeLimit_get429_onlyByClientsPastTheirShare() {
        // a share of two scans: a client's second scan of the code under pressure uses it up
        try (TestService service = new TestService(dir, Map.of("QR_RATE_LIMIT_CODE", "3/0.01", "QR_RATE_LIMIT_CODE_CLIENT", "2/0.01",
                "QR_TRUSTED_PROXIES", "127.0.0.1/32"))) {
            String id = service.createCode(service.adminKey, new JsonObject().put("destination", "https://example.com/")).getString("id");
            for (int i = 0; i < 3; i++) {
                assertEquals(302, service.scan("/r/" + id).status());
            }
            assertEquals(429, service.scan("/r/" + id).status());
            assertEquals(302, service.send("GET", "/r/" + id, null, null, null, Map.of("X-Forwarded-For", "203.0.113.8")).status(),
                    "another client, within its share, is answered though the code's bucket is empty");
        }
    }

    @Test
    void apiOverTheKeyLimit_get429JsonError() {
        try (TestService service = new TestService(dir, Map.of("QR_RATE_LIMIT_API", "3/0.01"))) {
            for (int i = 0; i < 3; i++) {
                assertEquals(200, service.get("/api/v1/codes", service.adminKey).status());
            }
            TestService.Reply limited = service.get("/api/v1/codes", service.adminKey);
            assertEquals(429, limited.status());
            assertEquals("rate_limited", limited.json().getJsonObject("error").getString("code"));
            assertNotNull(limited.header("Retry-After"));
        }
    }
}
