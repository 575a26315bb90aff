package dev.qrly.app;

import dev.qrly.core.tenant.ApiKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code ./qr serve} process on 127.0.0.1, started under an open-files limit of our
 * choosing ({@code ulimit -n}), with its output in a file; and raw sockets to talk to it from any
 * loopback address (all of 127/8 is loopback on Linux), so that one test can be several clients.
 */
final class LimitedServeProcess implements AutoCloseable {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    final Process process;
    final Path out;
    final int port;
    final String key = ApiKeys.generate(new SecureRandom());
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /** Starts {@code qr serve} with {@code ulimit -n openFiles} and these variables, and waits until it answers. */
    LimitedServeProcess(Path dir, int openFiles, Map<String, String> env) throws Exception {
        port = TestService.freePort();
        out = dir.resolve("serve.out");
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "ulimit -n " + openFiles + " && exec \"$0\" serve",
                ROOT.resolve("qr").toString()).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().put("QR_PORT", Integer.toString(port));
        builder.environment().put("QR_HOST", "127.0.0.1");
        builder.environment().put("QR_DATA_DIR", dir.resolve("data").toString());
        builder.environment().put("QR_API_KEY", key);
        builder.environment().put("QR_EVENT_LOOPS", "2");
        builder.environment().put("QR_PUBLIC_BASE_URL", "http://127.0.0.1:" + port + "/r/");
        builder.environment().putAll(env);
        process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("serve exited: " + Files.readString(out));
            }
            try {
                if (get("/healthz").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("serve did not become healthy: " + Files.readString(out));
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(java.time.Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path, String contentType, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(java.time.Duration.ofSeconds(10)).header("Authorization", "Bearer " + key)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A TCP connection to the server from this loopback address. */
    Socket connectFrom(String loopback) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(loopback), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return socket;
    }

    /**
     * Whether the server has closed this socket: waits up to {@code millis} for end of stream or a
     * reset; false if the socket is still open (nothing came) by then.
     */
    static boolean closedWithin(Socket socket, int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            InputStream in = socket.getInputStream();
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /**
     * Sends raw bytes on a new connection from {@code loopback} and returns what the server answers
     * until it closes the connection, followed by {@code [closed]}, or by {@code [open]} if it is
     * still open after {@code waitMillis}.
     */
    String raw(String loopback, byte[] request, int waitMillis) throws IOException {
        StringBuilder answer = new StringBuilder();
        try (Socket socket = connectFrom(loopback)) {
            OutputStream output = socket.getOutputStream();
            try {
                output.write(request);
                output.flush();
            } catch (IOException closedWhileSending) {
                // the server may close before reading it all: what it answered is still to be read
            }
            socket.setSoTimeout(waitMillis);
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    answer.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                }
            } catch (SocketTimeoutException open) {
                return answer.append("[open]").toString();
            } catch (IOException reset) {
                // closed with unread bytes: a reset, after the answer
            }
        }
        return answer.append("[closed]").toString();
    }

    /** The value of a metric the server shows, such as {@code qrly_connections_open}. */
    double metric(String name) throws IOException, InterruptedException {
        for (String line : get("/metrics").body().split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1));
            }
        }
        throw new AssertionError("no metric " + name);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
