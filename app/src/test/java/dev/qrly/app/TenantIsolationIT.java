package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tenant never sees another tenant's codes: every route answers 404, exactly as for a missing code. */
class TenantIsolationIT {

    @TempDir
    Path dir;

    private TestService service;
    private String alice;
    private String bob;
    private String aliceCode;

    @BeforeEach
    void start() {
        service = new TestService(dir, Map.of());
        alice = service.newTenant("alice");
        bob = service.newTenant("bob");
        aliceCode = service.createCode(alice, new JsonObject().put("destination", "https://alice.example/")).getString("id");
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void otherTenant_everyCodeRoute_is404LikeAMissingCode() {
        TestService.Reply missing = service.get("/api/v1/codes/ZZZZZZZZ", bob);
        for (TestService.Reply reply : new TestService.Reply[] {
            service.get("/api/v1/codes/" + aliceCode, bob),
            service.patch("/api/v1/codes/" + aliceCode, bob, new JsonObject().put("destination", "https://evil.example/")),
            service.delete("/api/v1/codes/" + aliceCode, bob),
            service.get("/api/v1/codes/" + aliceCode + "/history", bob),
            service.get("/api/v1/codes/" + aliceCode + "/image?format=png", bob),
        }) {
            assertEquals(404, reply.status(), reply.body());
            assertEquals(missing.json().getJsonObject("error").getString("code"), reply.json().getJsonObject("error").getString("code"));
        }
        for (String sort : new String[] {"newest", "oldest", "label"}) {
            assertEquals(0, service.get("/api/v1/codes?sort=" + sort, bob).json().getJsonArray("items").size(), sort);
        }
        TestService.Reply activity = service.get("/api/v1/stats/activity?ids=" + aliceCode, bob);
        assertEquals(200, activity.status(), "activity names no code: another tenant's is absent, like a missing one");
        assertEquals(new JsonObject(), activity.json().getJsonObject("codes"));
        assertEquals("https://alice.example/", service.scan("/r/" + aliceCode).header("Location"), "bob changed nothing");
        assertEquals(200, service.get("/api/v1/codes/" + aliceCode, alice).status());
    }

    @Test
    void keys_nonAdminCannotAdminister_revokedKeyIsRefused() {
        assertEquals(403, service.post("/api/v1/tenants", alice, new JsonObject().put("name", "mallory")).status());
        TestService.Reply created = service.post("/api/v1/tenants/" + "t_nosuchtenant" + "/keys", service.adminKey, new JsonObject());
        assertEquals(404, created.status());
        String prefix = alice.substring(5, 13);
        assertEquals(204, service.delete("/api/v1/keys/" + prefix, service.adminKey).status());
        TestService.Reply refused = service.get("/api/v1/codes", alice);
        assertEquals(401, refused.status());
        assertEquals("unauthorized", refused.json().getJsonObject("error").getString("code"));
        assertEquals(404, service.delete("/api/v1/keys/" + prefix, service.adminKey).status());
    }

    @Test
    void auth_missingOrBadKey_is401() {
        assertEquals(401, service.get("/api/v1/codes", null).status());
        assertEquals(401, service.get("/api/v1/codes", "not-a-key").status());
        String forged = "qrly_" + alice.substring(5, 13) + "_" + "a".repeat(32);
        TestService.Reply reply = service.get("/api/v1/codes", forged);
        assertEquals(401, reply.status());
        assertTrue(reply.header("WWW-Authenticate").startsWith("Bearer"));
    }
}
