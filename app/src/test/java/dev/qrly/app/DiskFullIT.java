package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.core.tenant.ApiKeys;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code qr serve} whose data folder is a small tmpfs, filled to the last byte: writes answer
 * 503 with Retry-After and a JSON error naming the full disk, {@code /readyz} says why it is not
 * ready, redirects go on, everything recovers once space returns, and a stop while full counts the
 * scans it could not write.
 *
 * <p>The test mounts the tmpfs itself, so it needs root (as the test machines and CI run); elsewhere
 * it is skipped, and says so.
 */
class DiskFullIT {

    @TempDir
    Path dir;
    private Path data;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        data = Files.createDirectories(dir.resolve("data"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", data.toString())
                .redirectErrorStream(true).start();
        String said = new String(mount.getInputStream().readAllBytes());
        Assumptions.assumeTrue(mount.waitFor() == 0, "mounting a tmpfs needs root: " + said);
    }

    @AfterEach
    void unmount() throws Exception {
        new ProcessBuilder("umount", "-l", data.toString()).inheritIO().start().waitFor();
    }

    @Test
    void fullDisk_writesAnswer503_readyzSaysFull_redirectsGoOn_andAllRecovers() throws Exception {
        String key = ApiKeys.generate(new SecureRandom());
        Map<String, String> env = ServeProcess.env(TestService.freePort(), data, key);
        try (ServeProcess serve = ServeProcess.start(env, dir.resolve("serve.out"))) {
            String codeId = serve.createCode(key, "https://example.com/");
            assertEquals(200, serve.get("/readyz", null).statusCode());
            Path filler = data.resolve("filler");

            fill(filler);

            assertFull(serve.send("POST", "/api/v1/codes", key, "{\"destination\":\"https://example.com/b\"}"));
            assertFull(serve.send("PATCH", "/api/v1/codes/" + codeId, key, "{\"destination\":\"https://example.com/c\"}"));
            assertFull(serve.send("POST", "/api/v1/session", null, "{\"apiKey\":\"" + key + "\"}"));
            assertFull(serve.http.send(HttpRequest.newBuilder(URI.create(serve.base + "/api/v1/batches"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofString("destination\nhttps://example.com/d\n")).build(),
                    HttpResponse.BodyHandlers.ofString()));
            HttpResponse<String> ready = serve.get("/readyz", null);
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(new JsonObject(ready.body()).getJsonObject("backends").getString("disk").startsWith("full: "), ready.body());
            assertEquals(302, serve.get("/r/" + codeId, null).statusCode(), "redirects go on");

            Files.delete(filler);

            assertEquals(201, serve.send("POST", "/api/v1/codes", key, "{\"destination\":\"https://example.com/e\"}").statusCode());
            assertEquals(200, serve.send("PATCH", "/api/v1/codes/" + codeId, key, "{\"destination\":\"https://example.com/f\"}")
                    .statusCode());
            assertEquals(200, serve.get("/readyz", null).statusCode());
            // the scan answered while full is written once its retry comes round (at most 10 s apart)
            long written = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (serve.metric("qrly_scan_events_written_total") < 1) {
                assertTrue(System.nanoTime() < written, "the scan answered while full was never written: " + serve.output());
                Thread.sleep(50);
            }

            // full again, with scans queued: the stop says how many it could not write
            fill(filler);
            for (int i = 0; i < 7; i++) {
                assertEquals(302, serve.get("/r/" + codeId, null).statusCode());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!serve.output().contains("scan events failed")) {
                assertTrue(System.nanoTime() < deadline, "the scan writer never met the full disk: " + serve.output());
                Thread.sleep(50);
            }
            serve.stop();
            String output = serve.output();
            assertTrue(output.contains(" 0 dropped, 7 not written: the store kept failing (the disk of the service's data folder is full"),
                    output);
        }
    }

    private static void assertFull(HttpResponse<String> reply) {
        assertEquals(503, reply.statusCode(), reply.body());
        assertTrue(reply.headers().firstValue("Retry-After").isPresent(), "Retry-After");
        JsonObject error = new JsonObject(reply.body()).getJsonObject("error");
        assertEquals("storage_full", error.getString("code"), reply.body());
    }

    /** Writes {@code file} until the disk refuses another byte. */
    private static void fill(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] chunk = new byte[1 << 16];
            while (true) {
                try {
                    out.write(chunk);
                    out.flush();
                } catch (IOException full) {
                    break;
                }
            }
            for (int size = 1 << 15; size >= 1; size /= 2) {
                try {
                    out.write(new byte[size]);
                    out.flush();
                } catch (IOException full) {
                    // try a smaller piece
                }
            }
        } catch (IOException closingWhenFull) {
            // the last buffered bytes did not fit either: the disk is full, which is the point
        }
    }
}
