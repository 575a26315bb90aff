package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.server.ConnectionLimits;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code qr serve}, under a low open-files limit, against clients that hold sockets open:
 * one client's idle sockets stop at its cap while others are served; idle, slow-header and
 * slow-body connections are cut; the total cap keeps the process clear of its descriptor limit;
 * and if the limit is reached anyway, the acceptor lives on. Every client is on 127.0.0.x; every
 * wait is bounded.
 */
class ConnectionLimitsIT {

    /** The open-files limit of the process under test; the default total cap follows from it. */
    private static final int OPEN_FILES = 400;
    private static final int PER_CLIENT = 40;

    @TempDir
    Path dir;

    @Test
    void oneClientAtItsCap_othersAreServed_slowAndIdleAreCut_andItRecoversAtOnce() throws Exception {
        try (LimitedServeProcess serve = new LimitedServeProcess(dir, OPEN_FILES, Map.of("QR_MAX_CONNECTIONS_PER_CLIENT", Integer.toString(PER_CLIENT),
                "QR_IDLE_TIMEOUT", "10", "QR_HEADER_TIMEOUT", "5", "QR_REQUEST_TIMEOUT", "3",
                "QR_RATE_LIMIT_IP", "1000000/1000000", "QR_RATE_LIMIT_CODE", "1000000/1000000"))) {
            String codeId = createCode(serve);
            assertEquals(ConnectionLimits.defaultMaxConnections(OPEN_FILES), serve.metric("qrly_connections_max"));

            // the attacker opens 100 idle sockets from 127.0.0.2: 40 are kept, the rest closed at once
            List<Socket> attacker = open(serve, "127.0.0.2", 100);
            await("60 refused", () -> metric(serve, "qrly_connections_refused_client_total") == 60);
            assertEquals(PER_CLIENT + 1, serve.metric("qrly_connections_open"), "40 held, and our metrics connection");

            // while they are held, 127.0.0.1 is served: a redirect and an API answer
            assertEquals(302, serve.get("/r/" + codeId).statusCode());
            assertEquals(200, serve.send("GET", "/api/v1/codes", null, null).statusCode());
            assertTrue(serve.metric("qrly_connections_open") >= PER_CLIENT, "the attacker still holds its sockets");

            // the attacker goes: its address is served again at once
            closeAll(attacker);
            await("the attacker's sockets counted closed", () -> metric(serve, "qrly_connections_open") <= 1);
            String answer = serve.raw("127.0.0.2", ("GET /r/" + codeId + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII), 10_000);
            assertTrue(answer.startsWith("HTTP/1.1 302"), answer);

            // a kept-alive connection left idle is closed after the idle timeout
            try (Socket idle = serve.connectFrom("127.0.0.4")) {
                idle.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                idle.setSoTimeout(10_000);
                assertTrue(new String(idle.getInputStream().readNBytes(12), StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"));
                assertTrue(LimitedServeProcess.closedWithin(idle, 30_000), "an idle connection was never closed");
            }

            // slowloris: headers dribbled a line at a time, 200 ms apart, are cut at the header deadline (before the idle timeout)
            try (Socket slow = serve.connectFrom("127.0.0.3")) {
                OutputStream out = slow.getOutputStream();
                out.write("GET /healthz HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                boolean cut = false;
                for (int i = 0; i < 150 && !cut; i++) { // 150 lines at most, 200 ms apart: 30 s
                    try {
                        out.write(("X-Dribble-" + i + ": y\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    } catch (IOException closed) {
                        cut = true;
                        break;
                    }
                    cut = LimitedServeProcess.closedWithin(slow, 200);
                }
                assertTrue(cut, "a connection dribbling its headers was never cut");
                assertTrue(serve.metric("qrly_connections_header_timeouts_total") >= 1);
            }

            // a body dribbled a byte at a time is cut at the request deadline, with a 408
            try (Socket slow = serve.connectFrom("127.0.0.3")) {
                OutputStream out = slow.getOutputStream();
                out.write(("POST /api/v1/codes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
                        .getBytes(StandardCharsets.US_ASCII));
                StringBuilder answered = new StringBuilder();
                slow.setSoTimeout(200);
                for (int i = 0; i < 150; i++) {
                    try {
                        out.write(' ');
                        out.flush();
                        int n = slow.getInputStream().read();
                        if (n < 0) {
                            break;
                        }
                        answered.append((char) n).append(new String(slow.getInputStream().readNBytes(
                                slow.getInputStream().available()), StandardCharsets.ISO_8859_1));
                    } catch (java.net.SocketTimeoutException nothingYet) {
                        // still reading our body
                    } catch (IOException closed) {
                        break;
                    }
                }
                assertTrue(answered.toString().startsWith("HTTP/1.1 408"), answered.toString());
            }

            // the total cap: seven more clients at their cap reach the default total, and the rest are refused
            List<Socket> crowd = new ArrayList<>();
            for (int client = 10; client < 17; client++) {
                crowd.addAll(open(serve, "127.0.0." + client, PER_CLIENT));
            }
            await("refused over the total", () -> metric(serve, "qrly_connections_refused_total") > 0);
            assertTrue(serve.metric("qrly_connections_open") <= ConnectionLimits.defaultMaxConnections(OPEN_FILES));
            closeAll(crowd);
            await("the crowd counted closed", () -> metric(serve, "qrly_connections_open") <= 1);
            assertEquals(302, serve.get("/r/" + codeId).statusCode());
            assertFalse(Files.readString(serve.out).contains("Too many open files"), "the caps kept it clear of the limit");
        }
    }

    @Test
    void outOfFileDescriptors_theAcceptorLivesOn_andServesOnceTheyAreFree() throws Exception {
        // no cap that would keep it clear of the limit: this is the case the caps are there to avoid
        try (LimitedServeProcess serve = new LimitedServeProcess(dir, 256, Map.of("QR_MAX_CONNECTIONS", "100000",
                "QR_MAX_CONNECTIONS_PER_CLIENT", "100000", "QR_HEADER_TIMEOUT", "120", "QR_IDLE_TIMEOUT", "120"))) {
            String codeId = createCode(serve);
            List<Socket> attacker = open(serve, "127.0.0.2", 400);
            await("accept failing for want of descriptors", () -> {
                try {
                    String log = Files.readString(serve.out);
                    return log.contains("Too many open files") || log.contains("Exception in thread");
                } catch (IOException e) {
                    return false;
                }
            });
            closeAll(attacker);
            await("served again", () -> {
                try {
                    return serve.get("/healthz").statusCode() == 200;
                } catch (IOException | InterruptedException notYet) {
                    return false;
                }
            });
            assertEquals(302, serve.get("/r/" + codeId).statusCode());
            String log = Files.readString(serve.out);
            assertFalse(log.contains("Exception in thread"), log.length() > 4000 ? log.substring(0, 4000) : log);
        }
    }

    /** Creates a code with the slug {@code held} and returns the slug. */
    private static String createCode(LimitedServeProcess serve) throws Exception {
        HttpResponse<String> created = serve.send("POST", "/api/v1/codes", "application/json",
                "{\"destination\":\"https://example.com/\",\"slug\":\"held\"}");
        assertEquals(201, created.statusCode(), created.body());
        return "held";
    }

    private static List<Socket> open(LimitedServeProcess serve, String from, int count) throws IOException {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sockets.add(serve.connectFrom(from));
        }
        return sockets;
    }

    private static void closeAll(List<Socket> sockets) throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private static double metric(LimitedServeProcess serve, String name) {
        try {
            return serve.metric(name);
        } catch (IOException | InterruptedException e) {
            return Double.NaN;
        }
    }

    /** Waits up to 30 s for the condition, polling. */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not within 30 s: " + what);
    }
}
