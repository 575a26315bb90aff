package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.core.tenant.ApiKeys;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code qr serve} restarted (SIGTERM, then a new process on the same data folder and port)
 * under a steady load of scans: every redirect a client received is a stored scan, those answered
 * while the new process's user-agent parser was still loading included. The queue is kept small
 * (as a busy instance's would be, relative to its load), so that scans left waiting in memory for
 * the parser would overflow it.
 */
class RestartUnderLoadIT {

    private static final int CLIENTS = 8;
    /** Scans a second, all clients together: steady, and a few times what the queue holds. */
    private static final int RATE = 1_000;
    /** The most the load may run, whatever happens: the test is bounded in time. */
    private static final long MAX_LOAD_SECONDS = 120;

    @TempDir
    Path dir;

    @Test
    void restart_underLoad_everyAnsweredScanIsStored() throws Exception {
        int port = TestService.freePort();
        String key = ApiKeys.generate(new SecureRandom());
        Map<String, String> env = ServeProcess.env(port, dir.resolve("data"), key);
        // the smallest queue: a flush interval holds 100 scans of this load; the parser's seconds of loading, thousands
        env.put("QR_SCAN_QUEUE", "1000");
        env.put("QR_FLUSH_MS", "100");
        ServeProcess first = ServeProcess.start(env, dir.resolve("first.out"));
        ServeProcess second = null;
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            String codeId = first.createCode(key, "https://example.com/");
            awaitParser(first);
            LongAdder received = new LongAdder();
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(pool.submit(() -> scan(first.base + "/r/" + codeId, stop, received)));
            }
            Thread.sleep(2_000);
            long beforeRestart = received.sum();
            first.stop();
            assertTrue(first.output().contains(" 0 dropped"), first.output());
            second = ServeProcess.start(env, dir.resolve("second.out"));
            // the load goes on until the new process's parser is ready, and a little after
            awaitParser(second);
            Thread.sleep(1_000);
            stop.set(true);
            for (Future<?> client : clients) {
                client.get(MAX_LOAD_SECONDS, TimeUnit.SECONDS);
            }
            long kept = (long) second.metric("qrly_scans_kept_unenriched_total");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (second.metric("qrly_scan_queue_depth") > 0 || second.metric("qrly_scans_enriched_from_kept_total") < kept) {
                assertTrue(System.nanoTime() < deadline, "the kept scans were not enriched: " + second.output());
                Thread.sleep(100);
            }
            JsonObject stats = new JsonObject(second.get("/api/v1/codes/" + codeId + "/stats", key).body());

            assertEquals(received.sum(), stats.getLong("total"), "every 302 a client received is a stored scan, and nothing else");
            assertEquals(0, second.metric("qrly_scan_events_dropped_total"));
            assertTrue(kept > 0, "scans arrived while the new process's parser loaded");
            System.out.printf(Locale.ROOT, "restart under load: %d scans answered (%d before the restart), %d of them kept "
                    + "unenriched while the new process's parser loaded, %d stored%n", received.sum(), beforeRestart, kept,
                    stats.getLong("total"));
        } finally {
            stop.set(true);
            pool.shutdownNow();
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    /**
     * Scans at {@code RATE / CLIENTS} a second until {@code stop}, counting the 302s; a refused
     * connection (the restart) is tried again at the next tick.
     */
    private static Void scan(String url, AtomicBoolean stop, LongAdder received) throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).build();
        long period = TimeUnit.SECONDS.toNanos(1) * CLIENTS / RATE;
        long next = System.nanoTime();
        long deadline = next + TimeUnit.SECONDS.toNanos(MAX_LOAD_SECONDS);
        while (!stop.get() && System.nanoTime() < deadline) {
            long ahead = next - System.nanoTime();
            if (ahead > 0) {
                TimeUnit.NANOSECONDS.sleep(ahead);
            } else if (ahead < -TimeUnit.SECONDS.toNanos(1)) {
                next = System.nanoTime(); // fell behind (a slow answer): steady from here rather than a burst
            }
            next += period;
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 302) {
                    received.increment();
                }
            } catch (IOException restarting) {
                // the old process has gone and the new one does not listen yet
            }
        }
        return null;
    }

    private static void awaitParser(ServeProcess serve) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (serve.metric("qrly_enrichment_ready") != 1) {
            assertTrue(System.nanoTime() < deadline, "the user-agent parser did not load: " + serve.output());
            Thread.sleep(50);
        }
    }
}
