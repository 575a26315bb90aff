package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.core.code.CodeStyle;
import dev.qrly.core.image.ImageService;
import dev.qrly.core.image.ImageVariant;
import dev.qrly.engine.ErrorCorrection;
import dev.qrly.store.sqlite.SqliteStorage;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: an image address reveals nothing about what the image shows to whoever does not hold it.
 * Until now {@code /i/{hash}} was a plain SHA-256 of the content, so a static code's content (a
 * Wi-Fi password) could be guessed by computing addresses and asking for them.
 */
class ImageAddressIT {

    private static final String WIFI = "WIFI:T:WPA;S:Home;P:hunter2;;";

    @TempDir
    Path dir;

    /** The address versions before keyed addresses gave (their formula, as anyone could compute it). */
    private static String unkeyed(String data) throws Exception {
        String canonical = "qrly-image-v1\n" + ErrorCorrection.M + "\n" + CodeStyle.DEFAULT.foreground() + "\n"
                + (CodeStyle.DEFAULT.background() == null ? "transparent" : CodeStyle.DEFAULT.background()) + "\n"
                + CodeStyle.DEFAULT.margin() + "\n" + data;
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 16);
    }

    private static String address(TestService service, String data) {
        TestService.Reply reply = service.post("/api/v1/qr", service.adminKey,
                new JsonObject().put("data", data).put("errorCorrection", "M"));
        assertEquals(200, reply.status(), reply.body());
        String location = reply.header("Content-Location");
        assertTrue(location.matches("/i/[0-9a-f]{40}\\.png.*"), location);
        return location.substring(3, 43);
    }

    @Test
    void sameContent_twoInstallations_haveDifferentAddressesThatTheContentDoesNotGive() throws Exception {
        try (TestService one = new TestService(Files.createDirectories(dir.resolve("one")), Map.of());
                TestService two = new TestService(Files.createDirectories(dir.resolve("two")), Map.of())) {
            String first = address(one, WIFI);
            String second = address(two, WIFI);

            assertNotEquals(first, second);
            assertEquals(first, address(one, WIFI), "an installation gives the same content the same address");
            assertEquals(200, one.get("/i/" + first + ".png", null).status());
            assertEquals(404, two.get("/i/" + first + ".png", null).status(), "another installation's address");
            String guess = unkeyed(WIFI);
            assertTrue(!first.contains(guess) && !second.contains(guess));
            assertEquals(404, one.get("/i/" + guess + ".png", null).status(), "the content's plain hash finds nothing");
        }
    }

    @Test
    void oldUnkeyedAddress_storedBefore_keepsServing_andGetsAKeyedTwin() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        String legacyData = "https://qr.example/r/OLD12345";
        String legacy = unkeyed(legacyData);
        try (TestService service = new TestService(data, Map.of())) {
            String registered = address(service, "https://qr.example/r/NEW12345");
            service.stop();
            String keyed;
            try (SqliteStorage storage = SqliteStorage.open(data.resolve("qrly.db"))) {
                String tenantId = storage.images().find(registered).orElseThrow().tenantId();
                // what an earlier version stored when the code's image was first asked for
                storage.images().insertIfAbsent(new ImageVariant(legacy, tenantId, legacyData, ErrorCorrection.M, CodeStyle.DEFAULT));
                // what the service will call this content's address (the installation's key is in the store)
                byte[] key = storage.tenants().installationSecret("image-address", new byte[32], Instant.EPOCH);
                keyed = new ImageService(storage.images(), key, 1).address(legacyData, ErrorCorrection.M, CodeStyle.DEFAULT);
            }
            service.start(0);

            TestService.Reply old = service.get("/i/" + legacy + ".png", null);
            assertEquals(200, old.status());
            assertEquals("image/png", old.header("Content-Type"));
            assertTrue(service.output.toString(StandardCharsets.UTF_8).contains("1 made by an earlier version"),
                    service.output.toString(StandardCharsets.UTF_8));

            assertEquals(200, service.get("/i/" + keyed + ".png", null).status(), "the keyed twin serves");
            assertEquals(address(service, legacyData), keyed, "and is the address the API gives for that content now");
        }
    }
}
