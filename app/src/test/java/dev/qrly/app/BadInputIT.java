package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each kind of bad input: a 4xx JSON error that names what was wrong; never a 500. */
class BadInputIT {

    @TempDir
    static Path dir;

    private static TestService service;
    private static String codeId;

    @BeforeAll
    static void start() {
        service = new TestService(dir, Map.of());
        codeId = service.createCode(service.adminKey, new JsonObject().put("destination", "https://example.com/")).getString("id");
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    /** POST /api/v1/codes with a body: expected status and field. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"destination": "javascript:alert(1)"}                              | 400 | destination
            {"destination": "data:text/html,hi"}                                | 400 | destination
            {"destination": "http://exa mple.com"}                              | 400 | destination
            {"destination": "https://example.com/\\r\\nSet-Cookie: a=b"}        | 400 | destination
            {"destination": "https://user:pw@example.com/"}                     | 400 | destination
            {"destination": "ftp://example.com/"}                               | 400 | destination
            {"destination": "/relative/path"}                                   | 400 | destination
            {"destination": ""}                                                 | 400 | destination
            {"destination": 42}                                                 | 400 | destination
            {}                                                                  | 400 | destination
            {"destination": "https://example.com/", "slug": "a b"}              | 400 | slug
            {"destination": "https://example.com/", "slug": "ab"}               | 400 | slug
            {"destination": "https://example.com/", "slug": "api"}              | 400 | slug
            {"destination": "https://example.com/", "slug": "-lead"}            | 400 | slug
            {"destination": "https://example.com/", "slug": "Ünïcode"}          | 400 | slug
            {"destination": "https://example.com/", "label": 7}                 | 400 | label
            {"destination": "https://example.com/", "tags": "one"}              | 400 | tags
            {"destination": "https://example.com/", "tags": [1]}                | 400 | tags
            {"destination": "https://example.com/", "expiresAt": "tomorrow"}    | 400 | expiresAt
            {"destination": "https://example.com/", "expiresAt": "2020-01-01T00:00:00Z"} | 400 | expiresAt
            {"destination": "https://example.com/", "maxScans": 0}              | 400 | maxScans
            {"destination": "https://example.com/", "maxScans": "many"}         | 400 | maxScans
            {"destination": "https://example.com/", "errorCorrection": "X"}     | 400 | errorCorrection
            {"destination": "https://example.com/", "style": {"foreground": "red"}}         | 400 | style.foreground
            {"destination": "https://example.com/", "style": {"foreground": "#EEEEEE"}}     | 400 | style.foreground
            {"destination": "https://example.com/", "style": {"background": "#12"}}        | 400 | style.background
            {"destination": "https://example.com/", "style": {"margin": 40}}                | 400 | style.margin
            {"destination": "https://example.com/", "style": {"shape": "dots"}}             | 400 | style.shape
            {"destination": "https://example.com/", "colour": "#000000"}        | 400 | colour
            """)
    void createCode_badField_is400NamingIt(String body, int status, String field) {
        TestService.Reply reply = service.send("POST", "/api/v1/codes", service.adminKey, "application/json", body, Map.of());
        assertEquals(status, reply.status(), reply.body());
        JsonObject error = reply.json().getJsonObject("error");
        assertEquals(field, error.getString("field"), reply.body());
        assertFalse(error.getString("message").isBlank());
        assertFalse(reply.body().contains("Exception"), reply.body());
    }

    @Test
    void createCode_overlongLabel_is400() {
        TestService.Reply reply = service.post("/api/v1/codes", service.adminKey,
                new JsonObject().put("destination", "https://example.com/").put("label", "x".repeat(201)));
        assertEquals(400, reply.status());
        assertEquals("label", reply.json().getJsonObject("error").getString("field"));
    }

    @Test
    void createCode_overlongDestination_is400() {
        TestService.Reply reply = service.post("/api/v1/codes", service.adminKey,
                new JsonObject().put("destination", "https://example.com/" + "a".repeat(2100)));
        assertEquals(400, reply.status());
        assertEquals("destination", reply.json().getJsonObject("error").getString("field"));
    }

    @Test
    void malformedJson_is400() {
        for (String body : new String[] {"{", "[1,2]", "\"text\"", "{\"destination\": }", ""}) {
            TestService.Reply reply = service.send("POST", "/api/v1/codes", service.adminKey, "application/json", body, Map.of());
            assertEquals(400, reply.status(), body + " -> " + reply.body());
            assertTrue(reply.json().containsKey("error"));
        }
    }

    @Test
    void wrongContentType_is415() {
        TestService.Reply reply = service.send("POST", "/api/v1/codes", service.adminKey, "text/plain", "{\"destination\":\"https://a.example/\"}", Map.of());
        assertEquals(415, reply.status());
        assertEquals("unsupported_media_type", reply.json().getJsonObject("error").getString("code"));
    }

    @Test
    void hugeBody_is413() {
        String body = "{\"destination\":\"https://example.com/\",\"label\":\"" + "x".repeat(300_000) + "\"}";
        TestService.Reply reply = service.send("POST", "/api/v1/codes", service.adminKey, "application/json", body, Map.of());
        assertEquals(413, reply.status());
        assertEquals("body_too_large", reply.json().getJsonObject("error").getString("code"));
    }

    @Test
    void patch_badFields_are400() {
        assertEquals("active", service.patch("/api/v1/codes/" + codeId, service.adminKey, new JsonObject().put("active", "yes"))
                .json().getJsonObject("error").getString("field"));
        assertEquals("destination", service.patch("/api/v1/codes/" + codeId, service.adminKey, new JsonObject().putNull("destination"))
                .json().getJsonObject("error").getString("field"));
        assertEquals("slug", service.patch("/api/v1/codes/" + codeId, service.adminKey, new JsonObject().put("slug", "NEW"))
                .json().getJsonObject("error").getString("field"));
        assertEquals(400, service.patch("/api/v1/codes/" + codeId, service.adminKey, new JsonObject()).status());
    }

    @Test
    void queryParameters_outOfRange_are400() {
        assertEquals("limit", service.get("/api/v1/codes?limit=0", service.adminKey).json().getJsonObject("error").getString("field"));
        assertEquals("limit", service.get("/api/v1/codes?limit=abc", service.adminKey).json().getJsonObject("error").getString("field"));
        assertEquals("cursor", service.get("/api/v1/codes?cursor=not-a-cursor", service.adminKey).json().getJsonObject("error").getString("field"));
        assertEquals("sort", service.get("/api/v1/codes?sort=popular", service.adminKey).json().getJsonObject("error").getString("field"));
        assertEquals("ids", service.get("/api/v1/stats/activity", service.adminKey).json().getJsonObject("error").getString("field"));
        assertEquals("days", service.get("/api/v1/stats/activity?ids=" + codeId + "&days=100", service.adminKey)
                .json().getJsonObject("error").getString("field"));
        assertEquals("size", service.get("/api/v1/codes/" + codeId + "/image?format=png&size=99999", service.adminKey)
                .json().getJsonObject("error").getString("field"));
        assertEquals("format", service.get("/api/v1/codes/" + codeId + "/image?format=gif", service.adminKey)
                .json().getJsonObject("error").getString("field"));
    }

    @Test
    void staticQr_dataTooLong_saysCapacity() {
        TestService.Reply reply = service.post("/api/v1/qr", service.adminKey,
                new JsonObject().put("data", "x".repeat(3000)).put("errorCorrection", "H"));
        assertEquals(400, reply.status());
        JsonObject error = reply.json().getJsonObject("error");
        assertEquals("data", error.getString("field"));
        assertTrue(error.getString("message").contains("at most 1,273"), error.getString("message"));
        assertTrue(error.getString("message").contains("over by 1,727"), error.getString("message"));
    }

    /** A typed payload's error names the field as the request has it, not as the engine calls it. */
    @Test
    void staticQr_typedPayloadErrors_nameTheRequestsField() {
        String[][] cases = {
            {"{\"type\":\"email\",\"to\":\"not-an-address\"}", "to"},
            {"{\"type\":\"vcard\",\"givenName\":\"Ada\",\"emails\":[\"nope\"]}", "emails"},
            {"{\"type\":\"vcard\",\"givenName\":\"Ada\",\"phones\":[{\"number\":\"12\"}]}", "phones"},
            {"{\"type\":\"sms\",\"phone\":\"x\"}", "phone"},
            {"{\"type\":\"wifi\",\"ssid\":\"\"}", "ssid"},
        };
        for (String[] c : cases) {
            TestService.Reply reply = service.send("POST", "/api/v1/qr", service.adminKey, "application/json", c[0], Map.of());
            assertEquals(400, reply.status(), c[0]);
            assertEquals(c[1], reply.json().getJsonObject("error").getString("field"), c[0] + ": " + reply.body());
        }
    }

    @Test
    void unknownRouteAndMethod_areJsonErrors() {
        TestService.Reply missing = service.get("/api/v1/nothing", service.adminKey);
        assertEquals(404, missing.status());
        assertTrue(missing.json().containsKey("error"));
        TestService.Reply method = service.send("PUT", "/api/v1/codes/" + codeId, service.adminKey, "application/json", "{}", Map.of());
        assertEquals(405, method.status());
        assertTrue(method.json().containsKey("error"));
    }
}
