package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.core.tenant.ApiKeys;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, "anonymous work": guessing keys and rendering images nobody has asked for cost their
 * client address, not the service. Clients are told apart by a trusted proxy's
 * {@code X-Forwarded-For}; the limits refill only as the test moves its clock.
 */
class AnonymousWorkIT {

    private static final String GUESSER = "198.51.100.66";
    private static final String OTHER = "203.0.113.5";

    @TempDir
    Path dir;

    private static TestService.Reply get(TestService service, String path, String key, String address) {
        return service.send("GET", path, key, null, null, Map.of("X-Forwarded-For", address));
    }

    private static TestService.Reply signIn(TestService service, String key, String address) {
        return service.send("POST", "/api/v1/session", null, "application/json", new JsonObject().put("apiKey", key).encode(),
                Map.of("X-Forwarded-For", address));
    }

    private static void assertRateLimited(TestService.Reply reply, String what) {
        assertEquals(429, reply.status(), what + ": " + reply.body());
        assertEquals("rate_limited", reply.json().getJsonObject("error").getString("code"), what);
        assertTrue(Long.parseLong(reply.header("Retry-After")) >= 1, what);
    }

    @Test
    void guessingBearerKeys_gets429AfterAFewFailures_whileAGoodKeyFromElsewhereWorks() {
        try (TestService service = TestService.withLimitsOnClock(dir, Map.of("QR_TRUSTED_PROXIES", "127.0.0.1/32",
                "QR_RATE_LIMIT_AUTH_FAIL", "3/0.1"))) {
            SecureRandom random = new SecureRandom();
            for (int i = 0; i < 3; i++) {
                assertEquals(401, get(service, "/api/v1/codes", ApiKeys.generate(random), GUESSER).status(), "guess " + i);
            }
            assertRateLimited(get(service, "/api/v1/codes", ApiKeys.generate(random), GUESSER), "the fourth guess");
            assertRateLimited(get(service, "/api/v1/codes", "not even a key", GUESSER), "a malformed key");
            assertRateLimited(get(service, "/api/v1/codes", service.adminKey, GUESSER), "even a good key is not checked meanwhile");
            assertRateLimited(signIn(service, service.adminKey, GUESSER), "nor signing in");
            assertEquals(200, get(service, "/api/v1/codes", service.adminKey, OTHER).status(), "another address is unaffected");
            for (int i = 0; i < 20; i++) {
                assertEquals(200, get(service, "/api/v1/codes", service.adminKey, OTHER).status(), "good keys never count");
            }

            service.clock.advance(Duration.ofSeconds(10)); // one failure's worth at 0.1/s
            assertEquals(200, get(service, "/api/v1/codes", service.adminKey, GUESSER).status(), "its time is up");
            assertEquals(401, get(service, "/api/v1/codes", ApiKeys.generate(random), GUESSER).status(), "one more guess");
            assertRateLimited(get(service, "/api/v1/codes", ApiKeys.generate(random), GUESSER), "and no more");
        }
    }

    @Test
    void badSignIns_countAsFailures_andLockTheAddressOut() {
        try (TestService service = TestService.withLimitsOnClock(dir, Map.of("QR_TRUSTED_PROXIES", "127.0.0.1/32",
                "QR_RATE_LIMIT_AUTH_FAIL", "2/0.1"))) {
            SecureRandom random = new SecureRandom();
            for (int i = 0; i < 2; i++) {
                TestService.Reply bad = signIn(service, ApiKeys.generate(random), GUESSER);
                assertEquals(401, bad.status(), bad.body());
                assertEquals("apiKey", bad.json().getJsonObject("error").getString("field"));
            }
            assertRateLimited(signIn(service, ApiKeys.generate(random), GUESSER), "the third bad sign-in");
            assertRateLimited(get(service, "/api/v1/codes", service.adminKey, GUESSER), "a bearer key from the same address");
            assertEquals(200, signIn(service, service.adminKey, OTHER).status(), "another address signs in");
        }
    }

    @Test
    void uncachedRenders_costTheirAddressBySize_cachedOnesAreFree() {
        try (TestService service = TestService.withLimitsOnClock(dir, Map.of("QR_TRUSTED_PROXIES", "127.0.0.1/32",
                "QR_RATE_LIMIT_RENDER", "20/0.5"))) {
            TestService.Reply made = service.post("/api/v1/qr", service.adminKey, new JsonObject().put("data", "HELLO")
                    .put("format", "png").put("size", 300));
            assertEquals(200, made.status(), made.body());
            String png = made.header("Content-Location").replaceAll("\\?.*", "");

            assertEquals(200, get(service, png + "?size=4096", null, GUESSER).status(), "16 megapixels: 16 of 20 tokens");
            assertRateLimited(get(service, png + "?size=4000", null, GUESSER), "another 16 megapixels");
            for (int i = 0; i < 10; i++) {
                assertEquals(200, get(service, png + "?size=4096", null, GUESSER).status(), "a cached render costs nothing");
            }
            for (int size = 100; size < 104; size++) {
                assertEquals(200, get(service, png + "?size=" + size, null, GUESSER).status(), "a small render costs one token");
            }
            assertRateLimited(get(service, png + "?size=104", null, GUESSER), "the bucket is empty");
            assertEquals(200, get(service, png + "?size=4000", null, OTHER).status(), "another address renders");

            service.clock.advance(Duration.ofSeconds(2)); // one token at 0.5/s
            assertEquals(200, get(service, png + "?size=104", null, GUESSER).status(), "refilled");
        }
    }
}
