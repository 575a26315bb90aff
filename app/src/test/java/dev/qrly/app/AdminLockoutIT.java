package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.core.tenant.ApiKeys;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nobody is locked out of administering the service: the last admin key cannot be revoked, a
 * QR_API_KEY the store does not know is reported at start, and {@code qr admin-key} issues a new
 * admin key offline.
 */
class AdminLockoutIT {

    private static final Pattern KEY = Pattern.compile("(?m)^(qrly_[2-9a-km-np-z]{8}_[2-9a-km-np-z]{32})$");

    @TempDir
    Path dir;

    @Test
    void revoke_theOnlyAdminKey_is409NamingWhy_andTheKeyStillWorks() {
        try (TestService service = new TestService(dir, Map.of())) {
            String prefix = service.adminKey.substring(5, 13);

            TestService.Reply refused = service.delete("/api/v1/keys/" + prefix, service.adminKey);

            assertEquals(409, refused.status(), refused.body());
            JsonObject error = refused.json().getJsonObject("error");
            assertEquals("last_admin_key", error.getString("code"));
            assertTrue(error.getString("message").contains("last active admin key"), error.encode());
            assertEquals(200, service.get("/api/v1/codes", service.adminKey).status());
        }
    }

    @Test
    void adminKey_refusedWhileServeRuns_thenIssuesAWorkingKey_andAnUnknownQrApiKeyIsReported() throws Exception {
        Path data = dir.resolve("data");
        String first = ApiKeys.generate(new SecureRandom());
        int port = TestService.freePort();
        Map<String, String> env = ServeProcess.env(port, data, first);
        try (ServeProcess serve = ServeProcess.start(env, dir.resolve("serve1.out"))) {
            Process refused = ServeProcess.launch(env, dir.resolve("refused.out"), "admin-key");
            assertTrue(refused.waitFor(120, TimeUnit.SECONDS));
            String said = Files.readString(dir.resolve("refused.out")).strip();
            assertEquals(2, refused.exitValue(), said);
            assertEquals(1, said.lines().count(), said);
            assertTrue(said.startsWith("qr admin-key: another qrly process (pid " + serve.javaPid()), said);
            serve.stop();
        }

        Process issue = ServeProcess.launch(env, dir.resolve("issued.out"), "admin-key");
        assertTrue(issue.waitFor(120, TimeUnit.SECONDS));
        String issued = Files.readString(dir.resolve("issued.out"));
        assertEquals(0, issue.exitValue(), issued);
        Matcher key = KEY.matcher(issued);
        assertTrue(key.find(), issued);
        String recovered = key.group(1);
        assertNotEquals(first, recovered);

        // a new QR_API_KEY on a store that has keys is not registered: said so in one line
        String unknown = ApiKeys.generate(new SecureRandom());
        env.put("QR_API_KEY", unknown);
        try (ServeProcess serve = ServeProcess.start(env, dir.resolve("serve2.out"))) {
            assertTrue(serve.output().lines().filter(line -> line.contains("QR_API_KEY")).count() == 1
                    && serve.output().contains("QR_API_KEY is not a key of this store"), serve.output());
            assertTrue(serve.output().contains("qr admin-key"), serve.output());
            assertEquals(401, serve.get("/api/v1/codes", unknown).statusCode());

            assertEquals(200, serve.get("/api/v1/codes", recovered).statusCode(), "the recovered key is an admin key");
            assertEquals(201, serve.send("POST", "/api/v1/tenants", recovered, "{\"name\":\"shop\"}").statusCode(),
                    "it administers: tenants");
            assertEquals(204, serve.send("DELETE", "/api/v1/keys/" + first.substring(5, 13), recovered, null).statusCode(),
                    "the old admin key can go now");
            assertEquals(409, serve.send("DELETE", "/api/v1/keys/" + recovered.substring(5, 13), recovered, null).statusCode(),
                    "but not the last one");
        }
    }
}
