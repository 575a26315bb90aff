package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.core.tenant.ApiKeys;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code qr serve} whose writer cannot keep up (the smallest queue, a writer that wakes once
 * a minute): the scans that do not fit are spooled, none is dropped; a SIGTERM leaves the spool on
 * disk; the next process writes it at start, spools its own overflow and writes that too, and in
 * the end every answered scan is in the stats.
 */
class ScanSpoolIT {

    private static final int CLIENTS = 8;
    private static final int SCANS = 3_000;

    @TempDir
    Path dir;

    @Test
    void writerCannotKeepUp_overflowIsSpooled_nothingDropped_everyAnsweredScanStored() throws Exception {
        String key = ApiKeys.generate(new SecureRandom());
        Map<String, String> env = ServeProcess.env(TestService.freePort(), dir.resolve("data"), key);
        env.put("QR_SCAN_QUEUE", "1000");
        env.put("QR_FLUSH_MS", "60000"); // the writer sleeps through the whole first run
        long spooledFirst;
        String codeId;
        try (ServeProcess first = ServeProcess.start(env, dir.resolve("first.out"))) {
            codeId = first.createCode(key, "https://example.com/");
            assertEquals(SCANS, scan(first.base + "/r/" + codeId), "every scan answered");
            await(first, "qrly_scan_events_spooled_total", v -> v >= SCANS - 1_000);
            spooledFirst = (long) first.metric("qrly_scan_events_spooled_total");
            assertEquals(0, first.metric("qrly_scan_events_dropped_total"));
            assertTrue(first.metric("qrly_scan_spool_bytes") > 0);
            assertTrue(first.metric("qrly_scan_spool_segments") >= 1);
            first.stop();
            String output = first.output();
            assertTrue(output.contains(" 0 dropped"), output);
        }
        try (Stream<Path> files = Files.list(dir.resolve("data").resolve(ServeCommand.SPOOL_DIR))) {
            assertTrue(files.anyMatch(p -> p.toString().endsWith(".seg")), "the spool outlives the stop");
        }

        env.put("QR_FLUSH_MS", "2000"); // slow enough for a burst to overflow the queue again
        try (ServeProcess second = ServeProcess.start(env, dir.resolve("second.out"))) {
            assertTrue(second.output().contains("scans spooled by an earlier run"), second.output());
            assertEquals(SCANS, scan(second.base + "/r/" + codeId), "every scan answered");
            long total = 2L * SCANS;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (stats(second, key, codeId) < total || second.metric("qrly_scan_spool_segments") > 0) {
                assertTrue(System.nanoTime() < deadline, "not every answered scan reached the stats: " + stats(second, key, codeId)
                        + " of " + total + "\n" + second.output());
                Thread.sleep(100);
            }
            long spooledSecond = (long) second.metric("qrly_scan_events_spooled_total");
            assertEquals(total, stats(second, key, codeId), "every scan stored once");
            assertEquals(spooledFirst + spooledSecond, (long) second.metric("qrly_scan_events_replayed_total"));
            assertEquals(0, second.metric("qrly_scan_events_dropped_total"));
            assertEquals(0, second.metric("qrly_scan_spool_bytes"));
            assertTrue(second.metric("qrly_event_loop_lateness_seconds_count") > 0, "the loops' lateness is measured");
            System.out.printf(Locale.ROOT, "spool: %d scans answered in two runs, %d spooled by the first (left over its stop), "
                    + "%d by the second, all %d stored%n", total, spooledFirst, spooledSecond, stats(second, key, codeId));
        }
    }

    private static long stats(ServeProcess serve, String key, String codeId) throws Exception {
        HttpResponse<String> reply = serve.get("/api/v1/codes/" + codeId + "/stats", key);
        assertEquals(200, reply.statusCode(), reply.body());
        return new JsonObject(reply.body()).getLong("total");
    }

    private static void await(ServeProcess serve, String metric, java.util.function.DoublePredicate condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.test(serve.metric(metric))) {
            assertTrue(System.nanoTime() < deadline, metric + " is " + serve.metric(metric) + "\n" + serve.output());
            Thread.sleep(20);
        }
    }

    /** {@link #SCANS} scans from {@link #CLIENTS} clients at once; returns the 302s received. */
    private static long scan(String url) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Long>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(pool.submit(() -> {
                    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
                    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).build();
                    long redirected = 0;
                    for (int i = 0; i < SCANS / CLIENTS; i++) {
                        redirected += http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 302 ? 1 : 0;
                    }
                    return redirected;
                }));
            }
            long redirected = 0;
            for (Future<Long> client : clients) {
                redirected += client.get(120, TimeUnit.SECONDS);
            }
            return redirected;
        } finally {
            pool.shutdownNow();
        }
    }
}
