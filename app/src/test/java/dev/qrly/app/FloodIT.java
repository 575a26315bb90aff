package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.core.scan.FairShare;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, "floods aimed at one code": 100 addresses flood one printed code while one scanner
 * scans it at 10 a second, on the real service with its default limits. Time is the test's clock,
 * moved 100 ms a step, which the rate limits read; the clients are told apart by a trusted
 * proxy's {@code X-Forwarded-For}.
 */
class FloodIT {

    private static final int FLOODERS = 100;
    /** Each flooder's scans a step: 40 a second, twice its per-client limit's rate. */
    private static final int FLOOD_A_STEP = 4;
    private static final int STEPS = 50;
    private static final int MAX_SCANS = 5_000;
    /** The defaults: QR_RATE_LIMIT_CODE, QR_RATE_LIMIT_CODE_CLIENT. */
    private static final long CODE_BURST = 5_000;
    private static final long CODE_RATE = 2_000;
    private static final long SHARE_BURST = 20;

    @TempDir
    Path dir;

    @Test
    void floodOnOneCode_isRefusedToTheFlooders_neverToTheScanner_andNotCountedAsHumans() throws Exception {
        try (TestService service = TestService.withLimitsOnClock(dir, Map.of("QR_TRUSTED_PROXIES", "127.0.0.1/32",
                "QR_FLUSH_MS", "50"));
                ExecutorService clients = Executors.newFixedThreadPool(8)) {
            AnalyticsIT.poll(() -> service.get("/metrics", null).body(), body -> body.contains("qrly_enrichment_ready 1.000000"),
                    120_000);
            String id = service.createCode(service.adminKey, new JsonObject().put("destination", "https://example.com/menu")
                    .put("maxScans", MAX_SCANS)).getString("id");
            String path = "/R/" + id;
            int scannerAnswered = 0;
            int scannerRefused = 0;
            int scannerOther = 0;
            int floodAnswered = 0;
            int floodRefused = 0;
            for (int step = 0; step < STEPS; step++) {
                List<Future<Integer>> flood = new ArrayList<>();
                for (int i = 0; i < FLOODERS; i++) {
                    String address = "198.51.100." + (i + 1);
                    for (int k = 0; k < FLOOD_A_STEP; k++) {
                        flood.add(clients.submit(() -> scan(service, path, address, AnalyticsIT.IPHONE)));
                    }
                }
                for (Future<Integer> status : flood) {
                    int s = status.get(60, TimeUnit.SECONDS);
                    floodAnswered += s == 302 ? 1 : 0;
                    floodRefused += s == 429 ? 1 : 0;
                }
                // the scanner comes last in its step, when the flood has taken what it could
                int s = scan(service, path, "203.0.113.7", AnalyticsIT.ANDROID);
                scannerAnswered += s == 302 ? 1 : 0;
                scannerRefused += s == 429 ? 1 : 0;
                scannerOther += s != 302 && s != 429 ? 1 : 0;
                service.clock.advance(Duration.ofMillis(100));
            }
            long answered = scannerAnswered + floodAnswered;
            JsonObject stats = AnalyticsIT.poll(() -> service.get("/api/v1/codes/" + id + "/stats", service.adminKey).json(),
                    st -> st.getLong("total", -1L) >= answered, 30_000);
            long floodAsHumans = stats.getJsonObject("byOs").getLong("iOS", 0L);
            long floodAsFlood = stats.getJsonObject("byBot").getLong("Flood", 0L);
            System.out.printf("flood of %d addresses x %d/s for %d s on one code, scanner at 10/s: scanner 302 %d, 429 %d, other %d;"
                    + " flood answered %d, refused %d; flood counted as humans %d, as Flood %d%n", FLOODERS, FLOOD_A_STEP * 10,
                    STEPS / 10, scannerAnswered, scannerRefused, scannerOther, floodAnswered, floodRefused, floodAsHumans, floodAsFlood);

            assertEquals(STEPS, scannerAnswered, "the scanner is never refused, and the code is not spent by the flood ("
                    + scannerRefused + " refused, " + scannerOther + " otherwise)");
            assertEquals(scannerAnswered, stats.getJsonObject("byOs").getLong("Android"), "the scanner's scans are people's");
            assertEquals(answered, stats.getLong("total"));
            assertEquals(FLOODERS * FLOOD_A_STEP * STEPS, floodAnswered + floodRefused);
            // answered: the code's bucket and its refill, and each flooder's unused half share before it counted as flooding
            double seconds = STEPS / 10.0;
            assertTrue(floodAnswered <= CODE_BURST + CODE_RATE * seconds + FLOODERS * SHARE_BURST * (1 - FairShare.FLOODING),
                    "the flood gets no more than the code's rate: " + floodAnswered + " answered");
            // what cannot be told from people: the code's first tenth (and its refill in the first second), and each
            // flooder's first half share
            double undetectable = CODE_BURST * (1 - FairShare.PRESSURE) + CODE_RATE + FLOODERS * SHARE_BURST * (1 - FairShare.FLOODING);
            assertTrue(floodAsHumans <= undetectable, "flood counted as humans: " + floodAsHumans + " of " + floodAnswered);
            assertEquals(floodAnswered - floodAsHumans, floodAsFlood, "the rest of the flood is counted as Flood");
            assertEquals(scannerAnswered + floodAsHumans, stats.getLong("humans"));
        }
    }

    private static int scan(TestService service, String path, String address, String userAgent) {
        return service.send("GET", path, null, null, null, Map.of("X-Forwarded-For", address, "User-Agent", userAgent)).status();
    }
}
