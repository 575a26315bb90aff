package dev.qrly.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qr batch --server} against a scripted stand-in for the service: the answers a real service
 * gives rarely (a failed batch, a 5xx, a rate limit, a restart), with a clock that moves only when
 * the command sleeps.
 */
class BatchCommandTest {

    @TempDir
    Path dir;

    /** One scripted answer. */
    private record Answer(int status, Map<String, String> headers, byte[] body) {
        static Answer json(int status, String json, Map<String, String> headers) {
            return new Answer(status, headers, json.getBytes(StandardCharsets.UTF_8));
        }

        static Answer json(int status, String json) {
            return json(status, json, Map.of());
        }
    }

    private final Map<String, Deque<Answer>> script = new ConcurrentHashMap<>();
    private final List<String> requests = new ArrayList<>();
    private final List<Duration> sleeps = new ArrayList<>();
    private Instant now = Instant.parse("2026-11-22T10:00:00Z");
    private HttpServer server;
    private Path csv;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String key = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            synchronized (requests) {
                requests.add(key + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
            }
            exchange.getRequestBody().readAllBytes();
            Deque<Answer> answers = script.get(key);
            Answer answer = answers == null || answers.isEmpty() ? Answer.json(404, "{\"error\":{\"code\":\"not_found\",\"message\":\"no\"}}")
                    : answers.size() == 1 ? answers.peek() : answers.poll();
            answer.headers().forEach(exchange.getResponseHeaders()::add);
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            exchange.getResponseBody().write(answer.body());
            exchange.close();
        });
        server.start();
        csv = dir.resolve("in.csv");
        Files.writeString(csv, "destination\nhttps://example.com/1\nhttps://example.com/2\n");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** Answers these in turn, then the last one for ever. */
    private void on(String request, Answer... answers) {
        script.put(request, new ArrayDeque<>(List.of(answers)));
    }

    private static String status(String status, int done, int created, int failed, String extra) {
        return "{\"id\":\"B1\",\"status\":\"" + status + "\",\"total\":3,\"done\":" + done + ",\"created\":" + created
                + ",\"failed\":" + failed + ",\"failure\":null" + extra + "}";
    }

    /** What one run printed and returned. */
    record Outcome(int status, String stderr) {}

    private Outcome run(String... extra) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        BatchCommand.Context context = new BatchCommand.Context(Map.of("QR_API_KEY", "key"), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, () -> now, duration -> {
                    sleeps.add(duration);
                    now = now.plus(duration);
                });
        List<String> args = new ArrayList<>(List.of(csv.toString(), "-o", dir.resolve("out.zip").toString(), "--server",
                "http://127.0.0.1:" + server.getAddress().getPort()));
        args.addAll(List.of(extra));
        int status = BatchCommand.run(args.toArray(String[]::new), context);
        return new Outcome(status, err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void run_batchFailsOnTheService_exits1WithItsFailureAndWritesNothing() {
        on("POST /api/v1/batches", Answer.json(202, status("running", 0, 0, 0, "")));
        on("GET /api/v1/batches/B1", Answer.json(200, status("running", 1, 1, 0, "")),
                Answer.json(200, status("failed", 1, 1, 0, "").replace("\"failure\":null", "\"failure\":\"the disk is full\"")));

        Outcome outcome = run();

        assertEquals(1, outcome.status(), outcome.stderr());
        assertTrue(outcome.stderr().endsWith("qr batch: batch B1 failed on the service: the disk is full\n"), outcome.stderr());
        assertEquals(List.of(ServerBatch.POLL_INTERVAL, ServerBatch.POLL_INTERVAL), sleeps);
        assertFalse(Files.exists(dir.resolve("out.zip")));
        assertEquals(List.of("in.csv"), List.of(dir.toFile().list()), "no temporary file left");
    }

    @Test
    void run_optionsAndRateLimit_sentAsQueryAndRetryAfterWaited() throws IOException {
        byte[] zip = {'P', 'K', 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        on("POST /api/v1/batches", Answer.json(429, "{\"error\":{\"code\":\"rate_limited\",\"message\":\"slow down\"}}",
                Map.of("Retry-After", "3")), Answer.json(202, status("done", 3, 3, 0, "")));
        on("GET /api/v1/batches/B1/archive.zip", new Answer(200, Map.of("Content-Type", "application/zip"), zip));

        Outcome outcome = run("--format", "png", "--size", "300,600", "--ecl", "q", "--bg", "transparent", "--margin", "2",
                "--tags", "a, b");

        assertEquals(0, outcome.status(), outcome.stderr());
        assertEquals(List.of(Duration.ofSeconds(3)), sleeps);
        assertArrayEquals(zip, Files.readAllBytes(dir.resolve("out.zip")));
        String query = "?formats=png&sizes=300%2C600&errorCorrection=Q&foreground=%23000000&background=transparent&margin=2&tags=a%2Cb";
        assertEquals(List.of("POST /api/v1/batches" + query, "POST /api/v1/batches" + query, "GET /api/v1/batches/B1/archive.zip"),
                requests);
        assertTrue(outcome.stderr().contains("qr batch: wrote " + dir.resolve("out.zip") + ": 3 rows, 3 codes made, 0 rows failed"),
                outcome.stderr());
    }

    @Test
    void run_serviceErrorOnSubmit_exits1WithItsMessage() {
        on("POST /api/v1/batches", Answer.json(500, "{\"error\":{\"code\":\"internal\",\"message\":\"something broke\"}}"));

        Outcome outcome = run();

        assertEquals(1, outcome.status());
        assertEquals("qr batch: the service answered 500: something broke\n", outcome.stderr());
        assertEquals(List.of(), sleeps, "a 5xx before the batch is accepted is not retried");
    }

    @Test
    void run_serviceUnavailableWhilePolling_waitsAndListsTheFailedRows() {
        on("POST /api/v1/batches", Answer.json(202, status("running", 0, 0, 0, "")));
        on("GET /api/v1/batches/B1", Answer.json(503, "{\"error\":{\"code\":\"unavailable\",\"message\":\"restarting\"}}"),
                Answer.json(200, status("done", 3, 1, 2, ",\"errors\":[{\"row\":2,\"line\":3,\"field\":\"destination\","
                        + "\"code\":\"invalid_field\",\"message\":\"destination needs a host\"}]")));
        on("GET /api/v1/batches/B1/archive.zip", new Answer(200, Map.of(), new byte[] {'P', 'K'}));

        Outcome outcome = run();

        assertEquals(3, outcome.status(), outcome.stderr());
        assertEquals(List.of(ServerBatch.POLL_INTERVAL, Duration.ofSeconds(1)), sleeps, "a poll, then the 503 waited out");
        assertTrue(outcome.stderr().endsWith("""
                qr batch: wrote %s: 3 rows, 1 code made, 2 rows failed
                  row 2 (line 3): destination: destination needs a host
                  and 1 more row failed: manifest.csv in the archive lists every row with its error
                """.formatted(dir.resolve("out.zip"))), outcome.stderr());
    }

    @Test
    void run_serviceGoneForLongerThanTheOutageLimit_exits1() {
        on("POST /api/v1/batches", Answer.json(202, status("running", 0, 0, 0, "")));
        on("GET /api/v1/batches/B1", Answer.json(503, "{\"error\":{\"code\":\"unavailable\",\"message\":\"restarting\"}}"));

        Outcome outcome = run();

        assertEquals(1, outcome.status());
        assertTrue(outcome.stderr().endsWith("qr batch: the service answered 503: restarting\n"), outcome.stderr());
        Duration waited = sleeps.stream().reduce(Duration.ZERO, Duration::plus).minus(ServerBatch.POLL_INTERVAL);
        assertTrue(waited.compareTo(ServerBatch.OUTAGE_LIMIT) <= 0 && waited.compareTo(ServerBatch.OUTAGE_LIMIT.minusSeconds(2)) >= 0,
                "waited " + waited);
    }
}
