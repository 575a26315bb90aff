package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code ./qr serve} process as a user runs it (through the launcher), on 127.0.0.1, with its
 * output in a file: for tests of what only a real process shows (restarts, signals, exit statuses).
 */
final class ServeProcess implements AutoCloseable {

    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    final Process process;
    final Path out;
    final String base;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private ServeProcess(Process process, Path out, String base) {
        this.process = process;
        this.out = out;
        this.base = base;
    }

    /** The environment of a test instance: its port, data folder and key, no rate limits in the way. */
    static Map<String, String> env(int port, Path dataDir, String key) {
        Map<String, String> env = new HashMap<>();
        env.put("QR_PORT", Integer.toString(port));
        env.put("QR_HOST", "127.0.0.1");
        env.put("QR_DATA_DIR", dataDir.toString());
        env.put("QR_API_KEY", key);
        env.put("QR_PUBLIC_BASE_URL", "http://127.0.0.1:" + port + "/r/");
        env.put("QR_RATE_LIMIT_IP", "100000000/100000000");
        env.put("QR_RATE_LIMIT_CODE", "100000000/100000000");
        env.put("QR_RATE_LIMIT_API", "100000000/100000000");
        return env;
    }

    /** Starts {@code ./qr ARGS} with {@code env}, its output to {@code out}; does not wait. */
    static Process launch(Map<String, String> env, Path out, String... args) throws IOException {
        String[] command = new String[args.length + 1];
        command[0] = ROOT.resolve("qr").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Starts {@code ./qr serve} and waits until it answers {@code /healthz}. */
    static ServeProcess start(Map<String, String> env, Path out) throws Exception {
        ServeProcess serve = new ServeProcess(launch(env, out, "serve"), out, "http://127.0.0.1:" + env.get("QR_PORT"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!serve.process.isAlive()) {
                throw new AssertionError("serve exited: " + serve.output());
            }
            try {
                if (serve.get("/healthz", null).statusCode() == 200) {
                    return serve;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        serve.close();
        throw new AssertionError("serve did not become healthy: " + serve.output());
    }

    String output() throws IOException {
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    HttpResponse<String> get(String path, String key) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path, String key, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Creates a code pointing at {@code destination}; returns its id. */
    String createCode(String key, String destination) throws Exception {
        HttpResponse<String> created = send("POST", "/api/v1/codes", key, "{\"destination\":\"" + destination + "\"}");
        assertEquals(201, created.statusCode(), created.body());
        Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(created.body());
        assertTrue(id.find());
        return id.group(1);
    }

    /** A value of {@code /metrics}, or -1 when it is not there. */
    double metric(String name) throws Exception {
        Matcher value = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(get("/metrics", null).body());
        return value.find() ? Double.parseDouble(value.group(1)) : -1;
    }

    /** SIGTERM, and waits for the exit; returns the exit status. */
    int stop() throws Exception {
        process.destroy();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "serve did not stop on SIGTERM");
        return process.exitValue();
    }

    /** The JVM's process (the launcher execs it, so it is the launcher's pid, or a child if a shell stayed). */
    long javaPid() {
        return process.toHandle().descendants().map(ProcessHandle::pid).findFirst().orElse(process.pid());
    }

    @Override
    public void close() {
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
