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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
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
        Serving serving = serve("5000"); // events sit in the queue until the shutdown writes them
        try {
            int redirected = 0;
            for (int i = 0; i < 300; i++) {
                HttpResponse<Void> scan = serving.http().send(HttpRequest.newBuilder(URI.create(serving.base() + "/r/"
                        + serving.codeId())).build(), HttpResponse.BodyHandlers.discarding());
                redirected += scan.statusCode() == 302 ? 1 : 0;
            }
            assertEquals(300, redirected);

            serving.process().destroy(); // SIGTERM
            assertTrue(serving.process().waitFor(30, TimeUnit.SECONDS), "serve did not stop on SIGTERM");
            String printed = Files.readString(serving.out());
            assertTrue(printed.contains("qrly stopped: 300 scan events written, 0 dropped"), printed);
            assertEquals(redirected, TestService.storedScans(dir.resolve("data"), serving.codeId()).size());
        } finally {
            serving.process().destroyForcibly();
        }
    }

    /** A started {@code ./qr serve} with one code, and a way to scan it. */
    private record Serving(Process process, Path out, String base, String codeId, HttpClient http) {}

    private Serving serve(String flushMillis) throws Exception {
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
        builder.environment().put("QR_RATE_LIMIT_IP", "100000000/100000000");
        builder.environment().put("QR_RATE_LIMIT_CODE", "100000000/100000000");
        builder.environment().put("QR_FLUSH_MS", flushMillis);
        Process process = builder.start();
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        String base = "http://127.0.0.1:" + port;
        waitUntilHealthy(http, base, process, out);
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/codes"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"destination\":\"https://example.com/\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(created.body());
        assertTrue(id.find());
        return new Serving(process, out, base, id.group(1), http);
    }

    /**
     * Scans from {@code clients} threads, each on its own connection, until {@code stop} is set or
     * the server goes away; returns how many 302s the clients received.
     */
    private static long scanUntilStopped(Serving serving, int clients, AtomicBoolean stop) throws Exception {
        LongAdder received = new LongAdder();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(pool.submit(() -> {
                    HttpClient own = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
                    HttpRequest scan = HttpRequest.newBuilder(URI.create(serving.base() + "/r/" + serving.codeId())).build();
                    while (!stop.get()) {
                        try {
                            if (own.send(scan, HttpResponse.BodyHandlers.discarding()).statusCode() == 302) {
                                received.increment();
                            }
                        } catch (IOException serverGone) {
                            return null;
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return received.sum();
    }

    /** {@link #scanUntilStopped} from 8 clients, in the background. */
    private static CompletableFuture<Long> startLoad(Serving serving, AtomicBoolean stop) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return scanUntilStopped(serving, 8, stop);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void sigterm_underLoad_storesExactlyTheScansAnswered() throws Exception {
        Serving serving = serve("200");
        try {
            AtomicBoolean stop = new AtomicBoolean();
            CompletableFuture<Long> load = startLoad(serving, stop);
            Thread.sleep(2_000);
            serving.process().destroy(); // SIGTERM, with scans arriving
            assertTrue(serving.process().waitFor(60, TimeUnit.SECONDS), "serve did not stop on SIGTERM");
            stop.set(true);
            long received = load.get(60, TimeUnit.SECONDS);

            assertTrue(received > 100, "the load ran: " + received);
            assertEquals(received, TestService.storedScans(dir.resolve("data"), serving.codeId()).size(),
                    "every 302 a client received is a stored scan, and nothing else is");
        } finally {
            serving.process().destroyForcibly();
        }
    }

    /**
     * {@code kill -9} under load loses at most the scans still queued: about one flush interval's
     * worth. Measured and printed (docs/BENCHMARKS.md quotes it), not asserted as a time; what is
     * asserted is that the store opens cleanly and holds no scan that was not answered (but for
     * the answers still on their way).
     */
    @Test
    void kill9_underLoad_losesOnlyTheQueue_andTheStoreStaysReadable() throws Exception {
        Serving serving = serve("200");
        try {
            // steady state: until the user-agent parser has loaded (seconds after a start), every scan waits in the queue
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!serving.http().send(HttpRequest.newBuilder(URI.create(serving.base() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body().contains("\nqrly_enrichment_ready 1.")) {
                assertTrue(System.nanoTime() < deadline, "the user-agent parser did not load");
                Thread.sleep(50);
            }
            AtomicBoolean stop = new AtomicBoolean();
            CompletableFuture<Long> load = startLoad(serving, stop);
            Thread.sleep(3_000);
            long pid = serving.process().toHandle().descendants().map(ProcessHandle::pid).findFirst()
                    .orElse(serving.process().pid());
            new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
            serving.process().destroyForcibly();
            serving.process().waitFor(30, TimeUnit.SECONDS);
            stop.set(true);
            long received = load.get(60, TimeUnit.SECONDS);

            long stored = TestService.storedScans(dir.resolve("data"), serving.codeId()).size();
            // a 302 on its way when the process died may be stored yet never received: one a client at most
            assertTrue(stored <= received + 8, stored + " stored, " + received + " answered");
            double seconds = 3.0;
            System.out.printf(java.util.Locale.ROOT, "kill -9 under load: %d scans answered, %d stored, %d lost (%.0f ms of this "
                    + "load at %.0f scans/s; flush interval 200 ms)%n", received, stored, received - stored,
                    (received - stored) / (received / seconds) * 1000, received / seconds);
        } finally {
            serving.process().destroyForcibly();
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
