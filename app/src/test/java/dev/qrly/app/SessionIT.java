package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dashboard sessions over HTTP: signing in with a key sets an HttpOnly, SameSite=Strict cookie;
 * with the cookie, reads work and every change needs the session's CSRF token; signing out or
 * revoking the key ends the session; and the dashboard's page and assets carry a strict
 * Content-Security-Policy.
 */
class SessionIT {

    @TempDir
    Path dir;

    private TestService service;

    @BeforeEach
    void start() {
        service = new TestService(dir, Map.of("QR_TRUSTED_PROXIES", "127.0.0.1/32"));
    }

    @AfterEach
    void stop() {
        service.close();
    }

    /** A signed-in browser: its cookie and its CSRF token. */
    private record Session(String cookie, String csrf, JsonObject info) {}

    private Session signIn(String key) {
        TestService.Reply reply = service.post("/api/v1/session", null, new JsonObject().put("apiKey", key));
        assertEquals(200, reply.status(), reply.body());
        String setCookie = reply.header("Set-Cookie");
        assertNotNull(setCookie);
        return new Session(setCookie.substring(0, setCookie.indexOf(';')), reply.json().getString("csrfToken"), reply.json());
    }

    private TestService.Reply call(String method, String path, Session session, String csrf, JsonObject body) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Cookie", session.cookie());
        if (csrf != null) {
            headers.put("X-CSRF-Token", csrf);
        }
        return service.send(method, path, null, body == null ? null : "application/json", body == null ? null : body.encode(),
                headers);
    }

    @Test
    void signIn_setsAStrictHttpOnlyCookie_andDescribesTheSession() {
        TestService.Reply reply = service.post("/api/v1/session", null, new JsonObject().put("apiKey", service.adminKey));
        assertEquals(200, reply.status());
        String cookie = reply.header("Set-Cookie");
        assertTrue(cookie.startsWith("qrly_session="), cookie);
        assertTrue(cookie.toLowerCase(java.util.Locale.ROOT).contains("; httponly"), cookie);
        assertTrue(cookie.contains("SameSite=Strict"), cookie);
        assertTrue(cookie.contains("Path=/"), cookie);
        assertTrue(cookie.contains("Max-Age=604800"), cookie);
        assertFalse(cookie.contains("Secure"), "plain HTTP cannot carry a Secure cookie: " + cookie);
        assertFalse(cookie.contains(service.adminKey), "the cookie is a session token, not the key");
        JsonObject info = reply.json();
        assertEquals("default", info.getJsonObject("tenant").getString("name"));
        assertTrue(info.getBoolean("admin"));
        assertTrue(info.getString("csrfToken").length() >= 40);
        assertEquals(service.base() + "/r/", info.getJsonObject("links").getString("shortUrlPrefix"));
        assertEquals((service.base() + "/R/").toUpperCase(java.util.Locale.ROOT), info.getJsonObject("links").getString("encodedPrefix"));
        assertTrue(info.getJsonObject("links").getBoolean("upperCase"));
    }

    @Test
    void signIn_behindATrustedTlsProxy_marksTheCookieSecure() {
        TestService.Reply proxied = service.send("POST", "/api/v1/session", null, "application/json",
                new JsonObject().put("apiKey", service.adminKey).encode(), Map.of("X-Forwarded-Proto", "https"));
        assertTrue(proxied.header("Set-Cookie").contains("Secure"), proxied.header("Set-Cookie"));
    }

    @Test
    void signIn_forwardedProtoFromAnUntrustedPeer_isNotBelieved() throws Exception {
        service.close();
        service = new TestService(dir.resolve("other"), Map.of("QR_TRUSTED_PROXIES", "10.0.0.0/8"));
        TestService.Reply direct = service.send("POST", "/api/v1/session", null, "application/json",
                new JsonObject().put("apiKey", service.adminKey).encode(), Map.of("X-Forwarded-Proto", "https"));
        assertFalse(direct.header("Set-Cookie").contains("Secure"), direct.header("Set-Cookie"));
    }

    @Test
    void signIn_badInput_isA4xxNamingWhatWasWrong() {
        TestService.Reply wrong = service.post("/api/v1/session", null, new JsonObject().put("apiKey", "qrly_aaaaaaaa_" + "b".repeat(32)));
        assertEquals(401, wrong.status());
        assertEquals("apiKey", wrong.json().getJsonObject("error").getString("field"));
        assertNull(wrong.header("Set-Cookie"));
        assertEquals(401, service.post("/api/v1/session", null, new JsonObject().put("apiKey", "nonsense")).status());
        assertEquals("apiKey", service.post("/api/v1/session", null, new JsonObject()).json().getJsonObject("error").getString("field"));
        assertEquals(400, service.post("/api/v1/session", null, new JsonObject().put("apiKey", 42)).status());
        assertEquals(400, service.send("POST", "/api/v1/session", null, "application/json", "{", Map.of()).status());
        assertEquals(415, service.send("POST", "/api/v1/session", null, "text/plain", "key", Map.of()).status());
        assertEquals(400, service.post("/api/v1/session", null, new JsonObject().put("apiKey", service.adminKey).put("x", 1)).status());
    }

    @Test
    void cookie_readsFreely_butEveryChangeNeedsTheCsrfToken() {
        Session session = signIn(service.adminKey);
        assertEquals(200, call("GET", "/api/v1/codes", session, null, null).status());
        JsonObject body = new JsonObject().put("destination", "https://example.com/");

        TestService.Reply missing = call("POST", "/api/v1/codes", session, null, body);
        assertEquals(403, missing.status());
        assertEquals("csrf_failed", missing.json().getJsonObject("error").getString("code"));
        assertEquals(403, call("POST", "/api/v1/codes", session, session.csrf() + "x", body).status());
        assertEquals(403, call("POST", "/api/v1/codes", session, "", body).status());
        assertEquals(0, service.get("/api/v1/codes", service.adminKey).json().getJsonArray("items").size(), "a refused change changed nothing");

        TestService.Reply created = call("POST", "/api/v1/codes", session, session.csrf(), body);
        assertEquals(201, created.status(), created.body());
        String id = created.json().getString("id");
        JsonObject change = new JsonObject().put("destination", "https://example.com/2");
        assertEquals(403, call("PATCH", "/api/v1/codes/" + id, session, null, change).status());
        assertEquals(200, call("PATCH", "/api/v1/codes/" + id, session, session.csrf(), change).status());
        assertEquals(403, call("DELETE", "/api/v1/codes/" + id, session, null, null).status());
        assertEquals(403, call("POST", "/api/v1/qr", session, null, new JsonObject().put("data", "x")).status());
        assertEquals(200, call("POST", "/api/v1/qr", session, session.csrf(), new JsonObject().put("data", "x")).status());
        assertEquals(204, call("DELETE", "/api/v1/codes/" + id, session, session.csrf(), null).status());

        // one session's token does not open another's
        Session other = signIn(service.adminKey);
        assertEquals(403, call("POST", "/api/v1/codes", other, session.csrf(), body).status());
    }

    @Test
    void cookie_actsAsItsTenantOnly() {
        String aliceKey = service.newTenant("alice");
        String adminCode = service.createCode(service.adminKey, new JsonObject().put("destination", "https://a.example/")).getString("id");
        Session alice = signIn(aliceKey);
        assertEquals("alice", call("GET", "/api/v1/session", alice, null, null).json().getJsonObject("tenant").getString("name"));
        assertEquals(404, call("GET", "/api/v1/codes/" + adminCode, alice, null, null).status());
        assertEquals(404, call("GET", "/api/v1/codes/" + adminCode + "/stats", alice, null, null).status());
        assertEquals(403, call("POST", "/api/v1/tenants", alice, alice.csrf(), new JsonObject().put("name", "x")).status(),
                "a tenant's key signs in without admin rights");
    }

    @Test
    void signOut_needsTheToken_andEndsTheSession() {
        Session session = signIn(service.adminKey);
        assertEquals(403, call("DELETE", "/api/v1/session", session, null, null).status(), "another site cannot sign a browser out");
        assertEquals(200, call("GET", "/api/v1/session", session, null, null).status());

        TestService.Reply out = call("DELETE", "/api/v1/session", session, session.csrf(), null);
        assertEquals(204, out.status());
        assertTrue(out.header("Set-Cookie").contains("Max-Age=0"), out.header("Set-Cookie"));
        TestService.Reply after = call("GET", "/api/v1/codes", session, null, null);
        assertEquals(401, after.status());
        TestService.Reply shown = call("GET", "/api/v1/session", session, null, null);
        assertEquals(200, shown.status(), "the dashboard's check at load: an answer, not an error");
        assertEquals(new JsonObject().put("signedIn", false), shown.json());
        assertTrue(shown.header("Set-Cookie").contains("Max-Age=0"), "the ended session's cookie is dropped");
        assertEquals(204, call("DELETE", "/api/v1/session", session, null, null).status(), "signing out twice is fine");
    }

    @Test
    void restart_keepsTheSession_withItsCsrfToken() {
        Session session = signIn(service.adminKey);

        service.restart();

        TestService.Reply shown = call("GET", "/api/v1/session", session, null, null);
        assertEquals(200, shown.status(), shown.body());
        assertEquals(session.csrf(), shown.json().getString("csrfToken"));
        assertEquals(201, call("POST", "/api/v1/codes", session, session.csrf(),
                new JsonObject().put("destination", "https://example.org/after-restart")).status());
    }

    @Test
    void revokingTheKey_endsItsSessions() {
        String aliceKey = service.newTenant("alice");
        Session alice = signIn(aliceKey);
        assertEquals(200, call("GET", "/api/v1/codes", alice, null, null).status());
        assertEquals(204, service.delete("/api/v1/keys/" + alice.info().getString("keyPrefix"), service.adminKey).status());
        assertEquals(401, call("GET", "/api/v1/codes", alice, null, null).status());
    }

    @Test
    void sessionCheck_signedOut_is200SignedInFalse_butABadBearerKeyIsStill401() {
        TestService.Reply none = service.get("/api/v1/session", null);
        assertEquals(200, none.status(), none.body());
        assertEquals(new JsonObject().put("signedIn", false), none.json());
        assertEquals(null, none.header("Set-Cookie"));
        assertEquals(401, service.get("/api/v1/session", "qrly_" + "A".repeat(40)).status());
        TestService.Reply withKey = service.get("/api/v1/session", service.adminKey);
        assertEquals(200, withKey.status());
        assertTrue(withKey.json().getBoolean("signedIn"));
        assertTrue(signIn(service.adminKey).info().getBoolean("signedIn"));
    }

    @Test
    void forgedOrExpiredCookie_is401_andABearerKeyStillWins() {
        Session forged = new Session("qrly_session=" + "A".repeat(43), "x", null);
        assertEquals(401, call("GET", "/api/v1/codes", forged, null, null).status());
        TestService.Reply withKey = service.send("GET", "/api/v1/codes", service.adminKey, null, null,
                Map.of("Cookie", forged.cookie()));
        assertEquals(200, withKey.status(), "an API client with a key is not bothered by a stale cookie");
    }

    @Test
    void dashboard_isServedWithAStrictPolicy_andEveryAssetItNamesExists() {
        TestService.Reply page = service.get("/", null);
        assertEquals(200, page.status());
        assertTrue(page.header("Content-Type").startsWith("text/html"));
        String csp = page.header("Content-Security-Policy");
        assertTrue(csp.contains("default-src 'none'"), csp);
        assertTrue(csp.contains("script-src 'self'"), csp);
        assertFalse(csp.contains("unsafe-inline"), csp);
        assertFalse(csp.contains("unsafe-eval"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertEquals("nosniff", page.header("X-Content-Type-Options"));
        assertEquals("DENY", page.header("X-Frame-Options"));

        Set<String> assets = new LinkedHashSet<>();
        Matcher refs = Pattern.compile("(?:src|href)=\"(/[^\"]+)\"").matcher(page.body());
        while (refs.find()) {
            assets.add(refs.group(1));
        }
        assertTrue(assets.size() >= 4, assets.toString());
        for (String asset : assets) {
            TestService.Reply reply = service.get(asset, null);
            assertEquals(200, reply.status(), asset);
            assertTrue(reply.bytes().length > 0, asset);
        }
        // every module the shell imports, and every module those import, is there
        Set<String> modules = new LinkedHashSet<>(Set.of("/assets/js/main.js"));
        Pattern imports = Pattern.compile("(?:from|import\\()\\s*'\\./([a-z-]+\\.js)'");
        for (int round = 0; round < 3; round++) {
            for (String module : Set.copyOf(modules)) {
                TestService.Reply js = service.get(module, null);
                assertEquals(200, js.status(), module);
                assertTrue(js.header("Content-Type").contains("javascript"), module + ": " + js.header("Content-Type"));
                assertFalse(js.body().contains("innerHTML"), module + " builds markup from strings");
                Matcher m = imports.matcher(js.body());
                while (m.find()) {
                    modules.add("/assets/js/" + m.group(1));
                }
            }
        }
        assertTrue(modules.size() >= 8, modules.toString());

        assertEquals(404, service.get("/assets/", null).status(), "no directory listing");
        assertEquals(404, service.get("/assets/../index.html", null).status());
        assertEquals(404, service.get("/assets/%2e%2e/dashboard/index.html", null).status());
        assertEquals(404, service.get("/webjars/", null).status());
    }
}
