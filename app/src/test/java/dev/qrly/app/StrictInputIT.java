package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Strict reading of what a client sends (JSON per RFC 8259 in UTF-8 only, as application/json;
 * whole numbers as whole numbers; instants from 1970 to 9999), the /metrics token, and the
 * security headers on every response.
 */
class StrictInputIT {

    private static final String METRICS_TOKEN = "metrics-token-for-the-test";

    @TempDir
    static Path dir;

    private static TestService service;
    private static String codeId;

    @BeforeAll
    static void start() {
        service = new TestService(dir, Map.of("QR_METRICS_TOKEN", METRICS_TOKEN, "QR_TRUSTED_PROXIES", "127.0.0.1/32"));
        codeId = service.createCode(service.adminKey, new JsonObject().put("destination", "https://example.com/").put("slug", "strict"))
                .getString("id");
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    /** Bodies as hex bytes, each refused with 400 naming the body. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            comment              | 7b2f2a632a2f2264657374696e6174696f6e223a2268747470733a2f2f6578616d706c652e636f6d2f227d
            utf-16 without BOM   | 7b002200640065007300740069006e006100740069006f006e0022003a002200680074007400700073003a002f002f0061002e0063006f006d002f0022007d00
            overlong utf-8       | 7b226c6162656c223a22c0af222c2264657374696e6174696f6e223a2268747470733a2f2f6578616d706c652e636f6d2f227d
            utf-8 BOM            | efbbbf7b2264657374696e6174696f6e223a2268747470733a2f2f6578616d706c652e636f6d2f227d
            single quotes        | 7b2764657374696e6174696f6e273a2768747470733a2f2f6578616d706c652e636f6d2f277d
            trailing comma       | 7b2264657374696e6174696f6e223a2268747470733a2f2f6578616d706c652e636f6d2f222c7d
            duplicate key        | 7b2264657374696e6174696f6e223a2268747470733a2f2f612e636f6d2f222c2264657374696e6174696f6e223a2268747470733a2f2f622e636f6d2f227d
            two objects          | 7b7d7b7d
            not json             | 6e6f74206a736f6e
            """)
    void lenientJson_is400NamingTheBody(String name, String hex) {
        TestService.Reply reply = service.sendBytes("POST", "/api/v1/codes", service.adminKey, "application/json",
                HexFormat.of().parseHex(hex));
        assertEquals(400, reply.status(), reply.body());
        assertEquals("body", reply.json().getJsonObject("error").getString("field"), reply.body());
    }

    @Test
    void emptyBody_is400NamingTheBody() {
        TestService.Reply reply = service.sendBytes("POST", "/api/v1/codes", service.adminKey, "application/json", new byte[0]);
        assertEquals(400, reply.status(), reply.body());
        assertEquals("body", reply.json().getJsonObject("error").getString("field"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/jsonx", "application/json-patch+json", "text/json", "application/json; charset=latin1",
            "application/json; foo=bar"})
    void otherContentTypes_are415(String type) {
        TestService.Reply reply = service.send("POST", "/api/v1/codes", service.adminKey, type,
                "{\"destination\":\"https://example.com/\"}", Map.of());
        assertEquals(415, reply.status(), reply.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8"})
    void applicationJson_withOrWithoutUtf8Charset_isTaken(String type) {
        TestService.Reply reply = service.send("POST", "/api/v1/codes", service.adminKey, type,
                "{\"destination\":\"https://example.com/é\"}", Map.of());
        assertEquals(201, reply.status(), reply.body());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"destination": "https://example.com/", "maxScans": 1e300}                    | maxScans
            {"destination": "https://example.com/", "maxScans": 5.0}                      | maxScans
            {"destination": "https://example.com/", "maxScans": 1e2}                      | maxScans
            {"destination": "https://example.com/", "maxScans": 123456789012345678901234} | maxScans
            {"destination": "https://example.com/", "expiresAt": "+1000000000-01-01T00:00:00Z"} | expiresAt
            {"destination": "https://example.com/", "expiresAt": "+999999999-12-31T23:59:59Z"}  | expiresAt
            {"destination": "https://example.com/", "expiresAt": "-999999999-01-01T00:00:00Z"}  | expiresAt
            {"destination": "https://example.com/", "expiresAt": "+10000-01-01T00:00:00Z"}      | expiresAt
            """)
    void outOfRangeNumbersAndInstants_are400NamingTheField(String body, String field) {
        TestService.Reply reply = service.send("POST", "/api/v1/codes", service.adminKey, "application/json", body, Map.of());
        assertEquals(400, reply.status(), reply.body());
        assertEquals(field, reply.json().getJsonObject("error").getString("field"), reply.body());
        TestService.Reply patched = service.send("PATCH", "/api/v1/codes/" + codeId, service.adminKey, "application/json",
                body.replace("\"destination\": \"https://example.com/\", ", ""), Map.of());
        assertEquals(400, patched.status(), patched.body());
        assertEquals(field, patched.json().getJsonObject("error").getString("field"), patched.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"%2B1000000000-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z", "%2B999999999-12-31T23:59:59Z",
            "1969-12-31T23:59:59Z", "%2B10000-01-01"})
    void outOfRangeInstantsInQueries_are400NamingTheParameter(String instant) {
        for (String name : new String[] {"from", "to"}) {
            for (String path : new String[] {"/api/v1/codes/" + codeId + "/stats", "/api/v1/codes/" + codeId + "/scans", "/api/v1/stats"}) {
                TestService.Reply reply = service.get(path + "?" + name + "=" + instant, service.adminKey);
                assertEquals(400, reply.status(), path + " " + reply.body());
                assertEquals(name, reply.json().getJsonObject("error").getString("field"), reply.body());
            }
        }
    }

    @Test
    void instantsAtTheEdgesOfTheRange_areTaken() {
        TestService.Reply reply = service.get("/api/v1/codes/" + codeId + "/stats?from=1970-01-01T00:00:00Z&to=9999-12-31T23:59:59Z",
                service.adminKey);
        assertFalse(reply.status() >= 500, reply.body());
        assertEquals(201, service.post("/api/v1/codes", service.adminKey, new JsonObject().put("destination", "https://example.com/")
                .put("expiresAt", "9999-12-31T23:59:59Z")).status());
    }

    @Test
    void metrics_needTheTokenWhenOneIsSet() {
        assertEquals(401, service.get("/metrics", null).status());
        assertEquals(401, service.send("GET", "/metrics", null, null, null, Map.of("Authorization", "Bearer wrong")).status());
        assertEquals(401, service.get("/metrics", service.adminKey).status(), "an API key is not the metrics token");
        TestService.Reply reply = service.send("GET", "/metrics", null, null, null, Map.of("Authorization", "Bearer " + METRICS_TOKEN));
        assertEquals(200, reply.status());
        assertFalse(reply.body().isEmpty());
    }

    @Test
    void metrics_onAListenerOfTheirOwn_areNotOnTheServicePort(@TempDir Path other) throws Exception {
        int metricsPort = TestService.freePort();
        try (TestService separate = new TestService(other, Map.of("QR_METRICS_PORT", Integer.toString(metricsPort)))) {
            assertEquals(404, separate.get("/metrics", null).status());
            java.net.http.HttpResponse<String> metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                    .newBuilder(java.net.URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("qrly_redirects_total"));
            assertEquals("nosniff", metrics.headers().firstValue("X-Content-Type-Options").orElse(null));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/r/strict", "/", "/assets/app.css", "/webjars/picocss__pico/2.1.1/css/pico.min.css", "/healthz",
            "/api/v1/codes", "/api/v1/openapi.json", "/no/such/page", "/metrics", "/webjars/none.js"})
    void everyResponse_isNosniff(String path) {
        TestService.Reply reply = service.get(path, null);
        assertEquals("nosniff", reply.header("X-Content-Type-Options"), path + " " + reply.status());
    }

    @Test
    void hsts_onlyWhenATrustedProxySaysHttps() {
        TestService.Reply https = service.send("GET", "/r/strict", null, null, null, Map.of("X-Forwarded-Proto", "https"));
        assertEquals("max-age=31536000", https.header("Strict-Transport-Security"));
        TestService.Reply page = service.send("GET", "/", null, null, null, Map.of("X-Forwarded-Proto", "https"));
        assertEquals("max-age=31536000", page.header("Strict-Transport-Security"));
        assertNull(service.get("/r/strict", null).header("Strict-Transport-Security"), "plain HTTP");
        assertNull(service.send("GET", "/r/strict", null, null, null, Map.of("X-Forwarded-Proto", "http"))
                .header("Strict-Transport-Security"));
    }

    @Test
    void hsts_notFromAnUntrustedPeer(@TempDir Path other) {
        try (TestService untrusting = new TestService(other, Map.of())) {
            assertNull(untrusting.send("GET", "/healthz", null, null, null, Map.of("X-Forwarded-Proto", "https"))
                    .header("Strict-Transport-Security"));
        }
    }

    @Test
    void utf8Body_isReadAsUtf8() {
        byte[] body = "{\"destination\":\"https://example.com/\",\"label\":\"caf\u00e9 \u2615\"}".getBytes(StandardCharsets.UTF_8);
        TestService.Reply reply = service.sendBytes("POST", "/api/v1/codes", service.adminKey, "application/json", body);
        assertEquals(201, reply.status(), reply.body());
        assertEquals("caf\u00e9 \u2615", reply.json().getString("label"));
    }
}
