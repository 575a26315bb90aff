package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.client.result.ResultParser;
import com.google.zxing.client.result.WifiParsedResult;
import dev.qrly.engine.Decoders;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticAndOperationsIT {

    @TempDir
    static Path dir;

    private static TestService service;

    @BeforeAll
    static void start() {
        service = new TestService(dir, Map.of("QR_RATE_LIMIT_API", "1000/0.01"));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void staticQr_data_returnsTheImageAndItsPublicUrl() {
        TestService.Reply reply = service.post("/api/v1/qr", service.adminKey, new JsonObject().put("data", "Grüße, 東京")
                .put("format", "png").put("size", 400));
        assertEquals(200, reply.status(), reply.body());
        assertEquals("image/png", reply.header("Content-Type"));
        assertEquals("Grüße, 東京", Decoders.zxing(Decoders.png(reply.bytes())).getText());
        String url = reply.header("Content-Location");
        assertTrue(url.startsWith("/i/"), url);
        assertEquals(200, service.get(url, null).status(), "an owner-created variant is public");
    }

    @Test
    void staticQr_typedWifi_decodesToItsFields() {
        TestService.Reply reply = service.post("/api/v1/qr", service.adminKey, new JsonObject().put("type", "wifi")
                .put("ssid", "Café;Guest").put("password", "p:ss,word1").put("format", "svg"));
        assertEquals(200, reply.status(), reply.body());
        WifiParsedResult wifi = (WifiParsedResult) ResultParser.parseResult(Decoders.zxing(Decoders.svg(reply.body(), 400)));
        assertEquals("Café;Guest", wifi.getSsid());
        assertEquals("p:ss,word1", wifi.getPassword());
    }

    @Test
    void staticQr_identicalRequest_isServedFromCacheWithoutCharging() {
        try (TestService strict = new TestService(dir.resolve("strict"), Map.of("QR_RATE_LIMIT_API", "1/0.001"))) {
            JsonObject request = new JsonObject().put("data", "HELLO").put("size", 200);
            assertEquals(200, strict.post("/api/v1/qr", strict.adminKey, request).status());
            for (int i = 0; i < 5; i++) {
                assertEquals(200, strict.post("/api/v1/qr", strict.adminKey, request).status(), "identical: from cache");
            }
            assertEquals(429, strict.post("/api/v1/qr", strict.adminKey, request.copy().put("data", "OTHER")).status());
        }
    }

    @Test
    void staticQr_badTypedField_namesIt() {
        TestService.Reply reply = service.post("/api/v1/qr", service.adminKey, new JsonObject().put("type", "geo").put("latitude", 91).put("longitude", 0));
        assertEquals(400, reply.status());
        assertEquals("latitude", reply.json().getJsonObject("error").getString("field"));
        TestService.Reply unknown = service.post("/api/v1/qr", service.adminKey, new JsonObject().put("type", "fax"));
        assertEquals("type", unknown.json().getJsonObject("error").getString("field"));
    }

    @Test
    void operations_healthReadyMetricsOpenApi() {
        assertEquals(200, service.get("/healthz", null).status());
        TestService.Reply ready = service.get("/readyz", null);
        assertEquals(200, ready.status());
        assertEquals("up", ready.json().getJsonObject("backends").getString("sqlite"));
        String id = service.createCode(service.adminKey, new JsonObject().put("destination", "https://example.com/")).getString("id");
        service.scan("/r/" + id);
        String metrics = service.get("/metrics", null).body();
        assertTrue(metrics.contains("qrly_redirects_total 1"), metrics);
        assertTrue(metrics.contains("qrly_scan_duration_seconds_count 1"), metrics);
        assertTrue(metrics.contains("qrly_scan_queue_depth"), metrics);
        assertTrue(metrics.contains("qrly_scan_events_dropped_total 0"), metrics);
        assertTrue(metrics.contains("qrly_route_cache_hit_ratio"), metrics);
        JsonObject openApi = service.get("/api/v1/openapi.json", null).json();
        assertTrue(openApi.getString("openapi").startsWith("3."));
    }
}
