package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bodies the API does not take, and broken HTTP, sent on raw sockets to a real {@code qr serve}
 * without a key: each is a 4xx that names the problem, with the connection closed where the body
 * cannot be read past; never a 200 or a 500, and never a stack trace in the log, even in a burst.
 */
class UnreadBodiesIT {

    @TempDir
    static Path dir;

    private static LimitedServeProcess serve;

    @BeforeAll
    static void start() throws Exception {
        serve = new LimitedServeProcess(dir, 4096, Map.of("QR_RATE_LIMIT_API", "1000000/1000000"));
    }

    @AfterAll
    static void stop() throws Exception {
        serve.close();
    }

    /** A bad request, the status it must get, a word its message must hold, and whether the connection must be closed after. */
    record Case(String name, byte[] request, int status, String names, boolean closes) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        StringBuilder manyFields = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            manyFields.append(i == 0 ? "" : "&").append("f").append(i).append("=v");
        }
        String longName = "n".repeat(20_000) + "=v";
        String largeValue = "v=" + "x".repeat(300_000);
        String multipart = "--AB\r\nContent-Disposition: form-data; name=\"" + "a".repeat(5_000) + "\"\r\n\r\nx\r\n--AB--\r\n";
        return List.of(
                new Case("form, 300 fields", post("/api/v1/codes", "application/x-www-form-urlencoded", manyFields.toString()), 415,
                        "application/json", true),
                new Case("form, long field name", post("/api/v1/session", "application/x-www-form-urlencoded", longName), 415,
                        "application/json", true),
                new Case("form, large value", post("/api/v1/tenants", "application/x-www-form-urlencoded", largeValue), 415,
                        "application/json", true),
                new Case("multipart", post("/api/v1/batches", "multipart/form-data; boundary=AB", multipart), 415, "text/csv", true),
                new Case("csv off the batches route", post("/api/v1/codes", "text/csv", "destination\nhttps://example.com/\n"), 415,
                        "application/json", true),
                new Case("json with another charset", post("/api/v1/codes", "application/json; charset=utf-16", "{}"), 415,
                        "application/json", true),
                new Case("bad chunk size", chunked("POST", "/api/v1/session", "application/json", "zz\r\n{}\r\n0\r\n\r\n"), 400, "body", true),
                new Case("bad chunk size on a GET", chunked("GET", "/api/v1/codes", null, "1x\r\n{}\r\n0\r\n\r\n"), 400, "body", true),
                new Case("chunk size past any length", chunked("POST", "/api/v1/codes", "application/json",
                        "FFFFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n"), 400, "body", true),
                new Case("chunked body to the redirect", chunked("GET", "/r/abc", null, "zz\r\n{}\r\n0\r\n\r\n"), 400, "body", true),
                new Case("chunked body to a page", chunked("GET", "/healthz", null, "2\r\n{}\r\n0\r\n\r\n"), 400, "body", true),
                new Case("bad Content-Length", ascii("POST /api/v1/codes HTTP/1.1\r\nHost: x\r\nContent-Length: 1x\r\n\r\n{}"), 400,
                        "malformed", true),
                new Case("bad request line", ascii("GET /api/v1/codes HTTP/1.1 extra\r\nHost: x\r\n\r\n"), 400, "malformed", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badBody_is4xxNamingIt_neverA200Or500(Case bad) throws Exception {
        String answer = serve.raw("127.0.0.1", bad.request(), 10_000);
        // HTTP/1.0 when the request line itself cannot be read
        assertTrue(answer.matches("(?s)HTTP/1\\.[01] " + bad.status() + " .*"), answer);
        assertTrue(answer.contains("\"error\"") && answer.contains(bad.names()), answer);
        if (bad.closes()) {
            assertTrue(answer.endsWith("[closed]"), answer);
        }
        assertTrue(!answer.contains("Exception"), answer);
    }

    @Test
    void aBurstOfBadBodies_keepsTheLogSmall() throws Exception {
        long before = Files.size(serve.out);
        List<Case> cases = cases();
        int sent = 0;
        for (int round = 0; round < 40; round++) {
            for (Case bad : cases) {
                String answer = serve.raw("127.0.0.5", bad.request(), 10_000);
                assertTrue(answer.matches("(?s)HTTP/1\\.[01] 4.*"), answer);
                sent++;
            }
        }
        long grown = Files.size(serve.out) - before;
        String log = Files.readString(serve.out);
        assertTrue(grown < 4_000, sent + " bad requests wrote " + grown + " bytes of log: "
                + log.substring((int) Math.min(before, log.length()), Math.min(log.length(), (int) before + 3000)));
        assertTrue(!log.contains("\tat "), "a stack trace in the log");
    }

    private static byte[] post(String path, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return concat(ascii("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: " + contentType + "\r\nContent-Length: "
                + bytes.length + "\r\n\r\n"), bytes);
    }

    private static byte[] chunked(String method, String path, String contentType, String body) {
        return ascii(method + " " + path + " HTTP/1.1\r\nHost: x\r\n" + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                + "Transfer-Encoding: chunked\r\n\r\n" + body);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
