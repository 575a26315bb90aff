package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up banner says plainly when codes would encode an address only this machine reaches,
 * since a printed code cannot be changed afterwards; with a public base URL it says nothing of it.
 */
class BannerIT {

    @TempDir
    Path dir;

    @Test
    void loopbackBaseUrl_bannerWarnsThatPrintedCodesWouldEncodeIt() {
        try (TestService service = new TestService(dir, Map.of())) {
            List<String> warnings = warnings(service);
            assertEquals(1, warnings.size(), service.output.toString(StandardCharsets.UTF_8));
            String line = warnings.get(0);
            assertTrue(line.contains("codes made now encode " + service.base() + "/r/"), line);
            assertTrue(line.contains("a printed code cannot be changed") && line.contains("set QR_PUBLIC_BASE_URL"), line);
        }
    }

    @Test
    void publicBaseUrl_bannerHasNoSuchWarning() {
        try (TestService service = new TestService(dir, Map.of("QR_PUBLIC_BASE_URL", "https://go.example.com/"))) {
            String banner = service.output.toString(StandardCharsets.UTF_8);
            assertTrue(banner.contains("codes redirect: https://go.example.com/<slug>"), banner);
            assertEquals(List.of(), warnings(service));
        }
    }

    private static List<String> warnings(TestService service) {
        return Arrays.stream(service.output.toString(StandardCharsets.UTF_8).split("\n"))
                .filter(line -> line.contains("QR_PUBLIC_BASE_URL")).toList();
    }
}
