package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The published API document describes what the server does: every documented operation is routed. */
class OpenApiIT {

    @TempDir
    Path dir;

    private static final Set<String> METHODS = Set.of("get", "post", "patch", "delete", "head", "put");

    @Test
    void everyDocumentedOperation_isRouted() {
        try (TestService service = new TestService(dir, Map.of("QR_RATE_LIMIT_API", "10000/1000"))) {
            String id = service.createCode(service.adminKey, new JsonObject().put("destination", "https://example.com/")).getString("id");
            JsonObject paths = service.get("/api/v1/openapi.json", null).json().getJsonObject("paths");
            int checked = 0;
            for (String template : paths.fieldNames()) {
                String path = template.replace("{id}", id).replace("{slug}", id).replace("{prefix}", "zzzzzzzz")
                        .replace("{file}", "0123456789abcdef0123456789abcdef.png");
                for (String method : paths.getJsonObject(template).fieldNames()) {
                    if (!METHODS.contains(method)) {
                        continue;
                    }
                    boolean hasBody = method.equals("post") || method.equals("patch");
                    TestService.Reply reply = service.send(method.toUpperCase(), path, service.adminKey,
                            hasBody ? "application/json" : null, hasBody ? "{}" : null, Map.of());
                    assertNotEquals(405, reply.status(), method + " " + template);
                    if (reply.status() == 404 && reply.body().startsWith("{")) {
                        String message = reply.json().getJsonObject("error").getString("message");
                        assertTrue(!message.startsWith("no route"), method + " " + template + " is not routed: " + message);
                    }
                    checked++;
                }
            }
            assertTrue(checked >= 16, "checked " + checked + " operations");
        }
    }
}
