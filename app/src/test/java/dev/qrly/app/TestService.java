package dev.qrly.app;

import dev.qrly.core.analytics.Scan;
import dev.qrly.core.code.ShortLinks;
import dev.qrly.core.scan.ScanEvent;
import dev.qrly.core.tenant.ApiKeys;
import dev.qrly.store.sqlite.SqliteStorage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real service, started in this JVM on a free port and a temporary data directory, with a
 * clock the test controls, and an HTTP client that does not follow redirects.
 */
final class TestService implements AutoCloseable {

    final Path dataDir;
    final MutableClock clock;
    final String adminKey;
    final Map<String, String> env;
    final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private ServeCommand.Running running;
    private int port;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    /** Whether the rate limits read the test's clock rather than the machine's. */
    private final boolean limitsOnClock;

    TestService(Path dataDir, Map<String, String> extraEnv) {
        this(dataDir, extraEnv, new MutableClock(Instant.parse("2026-11-22T10:00:00Z")), ApiKeys.generate(new SecureRandom()));
    }

    TestService(Path dataDir, Map<String, String> extraEnv, MutableClock clock, String adminKey) {
        this(dataDir, extraEnv, clock, adminKey, false);
    }

    /** A service whose rate limits refill only as the test moves its clock. */
    static TestService withLimitsOnClock(Path dataDir, Map<String, String> extraEnv) {
        return new TestService(dataDir, extraEnv, new MutableClock(Instant.parse("2026-11-22T10:00:00Z")),
                ApiKeys.generate(new SecureRandom()), true);
    }

    private TestService(Path dataDir, Map<String, String> extraEnv, MutableClock clock, String adminKey, boolean limitsOnClock) {
        this.limitsOnClock = limitsOnClock;
        this.dataDir = dataDir;
        this.clock = clock;
        this.adminKey = adminKey;
        this.env = new HashMap<>(extraEnv);
        env.putIfAbsent("QR_DATA_DIR", dataDir.toString());
        env.putIfAbsent("QR_API_KEY", adminKey);
        env.putIfAbsent("QR_HOST", "127.0.0.1");
        env.putIfAbsent("QR_EVENT_LOOPS", "2");
        start(0);
    }

    /** Starts (again) on the given port, 0 for any. */
    void start(int onPort) {
        Map<String, String> withPort = new HashMap<>(env);
        withPort.put("QR_PORT", Integer.toString(onPort));
        Config config = Config.from(withPort);
        if (onPort == 0) {
            // the base URL must name the real port: pick one first
            port = freePort();
            withPort.put("QR_PORT", Integer.toString(port));
            withPort.putIfAbsent("QR_PUBLIC_BASE_URL", "http://127.0.0.1:" + port + "/r/");
            config = Config.from(withPort);
        }
        running = ServeCommand.start(config, new ShortLinks(config.publicBaseUrl()),
                new PrintStream(output, true, StandardCharsets.UTF_8), clock, limitsOnClock ? clock::nanos : System::nanoTime);
        port = running.server().port();
    }

    /** Stops the service as SIGTERM would. */
    void stop() {
        running.close(new PrintStream(output, true, StandardCharsets.UTF_8));
    }

    void restart() {
        int same = port;
        stop();
        env.put("QR_PUBLIC_BASE_URL", "http://127.0.0.1:" + same + "/r/");
        start(same);
    }

    /**
     * Every scan stored for the code, in time order, read from the data directory of a stopped
     * service: those enriched, and those kept as they came because the service stopped before its
     * user-agent parser had loaded (the next start enriches them). As events: the fields both have.
     */
    static List<ScanEvent> storedScans(Path dataDir, String codeId) {
        try (SqliteStorage storage = SqliteStorage.open(dataDir.resolve("qrly.db"))) {
            String owner = storage.codes().findBySlugKey(codeId).orElseThrow().tenantId();
            List<ScanEvent> stored = new ArrayList<>();
            for (Scan scan : storage.analytics().scans(owner, codeId, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"), null,
                    1_000_000)) {
                stored.add(new ScanEvent(scan.id(), scan.codeId(), owner, scan.at(), scan.ip(), scan.userAgent(), scan.referrer(),
                        scan.acceptLanguage(), scan.source(), scan.head(), scan.prefetch(), scan.outcome(), scan.variant()));
            }
            storage.analytics().unenriched(1_000_000).stream().filter(kept -> kept.codeId().equals(codeId)).forEach(stored::add);
            stored.sort(Comparator.comparing(ScanEvent::at).thenComparing(ScanEvent::id));
            return stored;
        }
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    /** One response, body as text. */
    record Reply(int status, String body, HttpResponse<byte[]> raw) {
        JsonObject json() {
            return new JsonObject(body);
        }

        JsonArray array() {
            return new JsonArray(body);
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        byte[] bytes() {
            return raw.body();
        }
    }

    Reply send(String method, String path, String key, String contentType, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        return exchange(request, method, path);
    }

    private Reply exchange(HttpRequest.Builder request, String method, String path) {
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8), response);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Sends a body as the given bytes, for bodies that are not UTF-8 text. */
    Reply sendBytes(String method, String path, String key, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", contentType);
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return exchange(request, method, path);
    }

    Reply get(String path, String key) {
        return send("GET", path, key, null, null, Map.of());
    }

    Reply post(String path, String key, JsonObject body) {
        return send("POST", path, key, "application/json", body.encode(), Map.of());
    }

    Reply patch(String path, String key, JsonObject body) {
        return send("PATCH", path, key, "application/json", body.encode(), Map.of());
    }

    Reply delete(String path, String key) {
        return send("DELETE", path, key, null, null, Map.of());
    }

    /** GETs a path the way a phone would, from a given client address header if trusted. */
    Reply scan(String path) {
        return get(path, null);
    }

    /** Creates a tenant and returns its API key. */
    String newTenant(String name) {
        Reply reply = post("/api/v1/tenants", adminKey, new JsonObject().put("name", name));
        if (reply.status() != 201) {
            throw new AssertionError("creating a tenant: " + reply.status() + " " + reply.body());
        }
        return reply.json().getString("apiKey");
    }

    /** Creates a code and returns its JSON. */
    JsonObject createCode(String key, JsonObject body) {
        Reply reply = post("/api/v1/codes", key, body);
        if (reply.status() != 201) {
            throw new AssertionError("creating a code: " + reply.status() + " " + reply.body());
        }
        return reply.json();
    }

    @Override
    public void close() {
        stop();
    }

    /** A port nothing listens on right now, on the loopback address. */
    static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
