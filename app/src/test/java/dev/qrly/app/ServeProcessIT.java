package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.core.tenant.ApiKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./qr serve} as a user runs it: started by the launcher, stopped by SIGTERM, nothing lost. */
class ServeProcessIT {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    @TempDir
    Path dir;

    @Test
    void sigterm_afterScans_storesExactlyTheScansAnswered() throws Exception {
        int port = TestService.freePort();
        String key = ApiKeys.generate(new SecureRandom());
        Path out = dir.resolve("serve.out");
        ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("qr").toString(), "serve").redirectErrorStream(true)
                .redirectOutput(out.toFile());
        builder.environment().put("QR_PORT", Integer.toString(port));
        builder.environment().put("QR_HOST", "127.0.0.1");
        builder.environment().put("QR_DATA_DIR", dir.resolve("data").toString());
        builder.environment().put("QR_API_KEY", key);
        builder.environment().put("QR_PUBLIC_BASE_URL", "http://127.0.0.1:" + port + "/r/");
        builder.environment().put("QR_RATE_LIMIT_IP", "100000/100000");
        builder.environment().put("QR_FLUSH_MS", "5000"); // events sit in the queue until the shutdown writes them
        Process serve = builder.start();
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        String base = "http://127.0.0.1:" + port;
        try {
            waitUntilHealthy(http, base, serve, out);
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/codes"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"destination\":\"https://example.com/\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());
            Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(created.body());
            assertTrue(id.find());
            int redirected = 0;
            for (int i = 0; i < 300; i++) {
                HttpResponse<Void> scan = http.send(HttpRequest.newBuilder(URI.create(base + "/r/" + id.group(1))).build(),
                        HttpResponse.BodyHandlers.discarding());
                redirected += scan.statusCode() == 302 ? 1 : 0;
            }
            assertEquals(300, redirected);

            serve.destroy(); // SIGTERM
            assertTrue(serve.waitFor(30, TimeUnit.SECONDS), "serve did not stop on SIGTERM");
            String printed = Files.readString(out);
            assertTrue(printed.contains("qrly stopped: 300 scan events written, 0 dropped"), printed);
            assertEquals(redirected, TestService.storedScans(dir.resolve("data"), id.group(1)).size());
        } finally {
            serve.destroyForcibly();
        }
    }

    private static void waitUntilHealthy(HttpClient http, String base, Process serve, Path out) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!serve.isAlive()) {
                throw new AssertionError("serve exited: " + Files.readString(out));
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("serve did not become healthy: " + Files.readString(out));
    }
}
