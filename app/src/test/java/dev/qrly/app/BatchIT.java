package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.engine.Decoders;
import dev.qrly.engine.ExternalTools;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches over real HTTP: a 500-row CSV with bad rows in it makes its codes, reports the bad rows,
 * and yields a ZIP whose every image decodes to its code; JSON batches; another tenant sees
 * nothing; a restart in the middle of a batch resumes it without losing or doubling a code; bad
 * uploads are refused with the field named.
 */
class BatchIT {

    @TempDir
    Path dir;

    private TestService service;

    @BeforeEach
    void start() {
        service = new TestService(dir, Map.of());
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void csv500_withBadRows_makesTheGoodCodesReportsTheBadAndEveryImageDecodes() {
        String key = service.adminKey;
        service.createCode(key, new JsonObject().put("destination", "https://example.com/").put("slug", "taken-before"));
        StringBuilder csv = new StringBuilder("\uFEFFDestination,slug,label,tags\r\n");
        for (int i = 1; i <= 500; i++) {
            String destination = "https://example.com/menu/" + i + "?table=" + i;
            String slug = "";
            String label = "Table " + i;
            switch (i) {
                case 7 -> destination = "ftp://example.com/menu";
                case 12, 13 -> slug = "table-twelve";
                case 20 -> label = "x".repeat(201);
                case 30 -> slug = "TAKEN-before";
                case 40 -> slug = "api";
                case 80 -> destination = "";
                case 60 -> label = "Café «Lunch», 東京\nsecond line"; // a label is one line: refused, and moves the line numbers
                case 61 -> label = "Café «Lunch», 東京";
                case 70 -> label = "=HYPERLINK(\"https://evil.example\")";
                default -> { }
            }
            csv.append(destination).append(',').append(slug).append(',').append(quote(label)).append(',')
                    .append(i % 2 == 0 ? "even|menu" : "menu").append("\r\n");
        }

        TestService.Reply accepted = service.send("POST", "/api/v1/batches?formats=svg,png&sizes=300&tags=spring", key,
                "text/csv; charset=utf-8", csv.toString(), Map.of());
        assertEquals(202, accepted.status(), accepted.body());
        String id = accepted.json().getString("id");
        assertEquals("/api/v1/batches/" + id, accepted.header("Location"));
        assertEquals(500, accepted.json().getInteger("total"));

        JsonObject done = awaitFinished(key, id);
        assertEquals("done", done.getString("status"), done.encode());
        assertEquals(500, done.getInteger("done"));
        assertEquals(493, done.getInteger("created"));
        assertEquals(7, done.getInteger("failed"));
        Map<Integer, JsonObject> errors = new LinkedHashMap<>();
        done.getJsonArray("errors").forEach(e -> errors.put(((JsonObject) e).getInteger("row"), (JsonObject) e));
        assertEquals(List.of(7, 13, 20, 30, 40, 60, 80), List.copyOf(errors.keySet()));
        assertEquals("destination", errors.get(7).getString("field"));
        assertEquals(8, errors.get(7).getInteger("line"), "row 7 starts on line 8, after the header");
        assertEquals("slug_duplicate", errors.get(13).getString("code"));
        assertTrue(errors.get(13).getString("message").contains("row 12"), errors.get(13).encode());
        assertEquals("label", errors.get(20).getString("field"));
        assertEquals("slug_taken", errors.get(30).getString("code"));
        assertEquals("slug", errors.get(40).getString("field"));
        assertEquals("label", errors.get(60).getString("field"));
        assertEquals(61, errors.get(60).getInteger("line"));
        assertEquals("destination", errors.get(80).getString("field"));
        assertEquals(82, errors.get(80).getInteger("line"), "the label of row 60 spans two lines");

        TestService.Reply archive = service.get(done.getString("archive"), key);
        assertEquals(200, archive.status());
        assertEquals("application/zip", archive.header("Content-Type"));
        assertTrue(archive.header("Content-Disposition").contains("qrly-batch-" + id + ".zip"));
        Map<String, byte[]> files = BatchArchives.unzip(archive.bytes());
        List<CSVRecord> manifest = BatchArchives.manifest(files);
        assertEquals(500, manifest.size());
        assertEquals(493 * 2 + 1, files.size(), "an SVG and a PNG a code, and the manifest");
        Set<String> ids = new HashSet<>();
        Map<String, String> expectedByZbar = new LinkedHashMap<>();
        int scanned = 0;
        for (CSVRecord line : manifest) {
            int row = Integer.parseInt(line.get("row"));
            assertEquals(manifest.indexOf(line) + 1, row);
            if (errors.containsKey(row)) {
                assertEquals("", line.get("id"));
                assertEquals(errors.get(row).getString("message"), line.get("error"));
                continue;
            }
            String codeId = line.get("id");
            assertTrue(ids.add(codeId), "ids are unique");
            String encoded = line.get("encoded");
            List<String> names = List.of(line.get("files").split(" "));
            assertEquals(List.of(String.format("%03d-%s.svg", row, codeId), String.format("%03d-%s-300px.png", row, codeId)), names);
            assertEquals(encoded, Decoders.zxingClean(Decoders.png(files.get(names.get(1)))).getText(), "row " + row + " PNG");
            expectedByZbar.put(names.get(1), encoded);
            assertEquals(encoded, Decoders.zxingClean(Decoders.svg(new String(files.get(names.get(0)), StandardCharsets.UTF_8), 300))
                    .getText(), "row " + row + " SVG");
            JsonObject code = service.get("/api/v1/codes/" + codeId, key).json();
            assertEquals(encoded, code.getString("encoded"));
            assertEquals(line.get("shortUrl"), code.getString("shortUrl"));
            assertEquals(line.get("destination"), code.getString("destination"));
            assertEquals("https://example.com/menu/" + row + "?table=" + row, code.getString("destination"));
            assertEquals(row % 2 == 0 ? List.of("even", "menu", "spring") : List.of("menu", "spring"),
                    code.getJsonArray("tags").getList());
            if (row % 5 == 0 && scanned++ < 60) {
                TestService.Reply scan = service.scan(URI.create(code.getString("shortUrl")).getRawPath());
                assertEquals(302, scan.status());
                assertEquals(code.getString("destination"), scan.header("Location"));
            }
        }
        assertEquals(expectedByZbar, zbar(files, expectedByZbar.keySet()), "zbar reads every PNG too");
        assertEquals("Café «Lunch», 東京\nsecond line", manifest.get(59).get("label"));
        assertEquals("Café «Lunch», 東京", manifest.get(60).get("label"));
        assertEquals("'=HYPERLINK(\"https://evil.example\")", manifest.get(69).get("label"), "no formula for a spreadsheet to run");
        assertEquals("table-twelve", manifest.get(11).get("slug"));
        assertEquals(302, service.scan("/r/TABLE-TWELVE").status());
    }

    @Test
    void jsonBatch_pdfAndTwoPngSizesWithStyle_decodeAndItemsWithWrongTypesFailAlone() {
        String key = service.adminKey;
        JsonArray items = new JsonArray()
                .add(new JsonObject().put("destination", "https://example.com/a").put("slug", "json-a").put("label", "A")
                        .put("tags", new JsonArray().add("x")))
                .add(new JsonObject().put("destination", 42))
                .add("not an object")
                .add(new JsonObject().put("destination", "https://example.com/c").put("colour", "red"))
                .add(new JsonObject().put("destination", "https://example.com/d"));
        JsonObject body = new JsonObject().put("items", items).put("formats", new JsonArray().add("pdf").add("png"))
                .put("sizes", new JsonArray().add(600).add(128)).put("errorCorrection", "Q")
                .put("style", new JsonObject().put("foreground", "#1B2A6B").put("background", "#FFF8E7"));

        TestService.Reply accepted = service.post("/api/v1/batches", key, body);
        assertEquals(202, accepted.status(), accepted.body());
        JsonObject done = awaitFinished(key, accepted.json().getString("id"));

        assertEquals("done", done.getString("status"));
        assertEquals(2, done.getInteger("created"));
        JsonArray errors = done.getJsonArray("errors");
        assertEquals(3, errors.size());
        assertEquals(new JsonObject().put("row", 2).put("field", "destination").put("code", "invalid_field")
                .put("message", "destination must be a string"), errors.getJsonObject(0));
        assertNull(errors.getJsonObject(1).getString("field"));
        assertEquals("colour", errors.getJsonObject(2).getString("field"));
        Map<String, byte[]> files = BatchArchives.unzip(service.get(done.getString("archive"), key).bytes());
        List<CSVRecord> manifest = BatchArchives.manifest(files);
        CSVRecord a = manifest.get(0);
        assertEquals("json-a", a.get("slug"));
        List<String> names = List.of(a.get("files").split(" "));
        assertEquals(List.of("001-" + a.get("id") + ".pdf", "001-" + a.get("id") + "-600px.png", "001-" + a.get("id") + "-128px.png"),
                names);
        assertEquals(a.get("encoded"), Decoders.zxing(Decoders.pdf(files.get(names.get(0)), 150)).getText());
        assertEquals(600, Decoders.png(files.get(names.get(1))).getWidth());
        assertEquals(128, Decoders.png(files.get(names.get(2))).getWidth());
        for (String name : names.subList(1, 3)) {
            assertEquals(a.get("encoded"), Decoders.zxing(Decoders.png(files.get(name))).getText(), name);
        }
        JsonObject code = service.get("/api/v1/codes/" + a.get("id"), key).json();
        assertEquals("Q", code.getString("errorCorrection"));
        assertEquals("#1B2A6B", code.getJsonObject("style").getString("foreground"));
        // the code's own image URLs serve: its variant was registered by the batch
        assertEquals(200, service.get(code.getJsonObject("images").getString("png"), null).status());
    }

    @Test
    void anotherTenant_seesNoBatchNoArchiveAndNoListEntry() {
        JsonObject done = awaitFinished(service.adminKey, submitJson(service.adminKey, 3));
        String other = service.newTenant("other");

        assertEquals(404, service.get("/api/v1/batches/" + done.getString("id"), other).status());
        assertEquals(404, service.get("/api/v1/batches/" + done.getString("id") + "/archive.zip", other).status());
        assertEquals(0, service.get("/api/v1/batches", other).json().getJsonArray("items").size());
        assertEquals(401, service.get("/api/v1/batches/" + done.getString("id"), null).status());
        JsonArray mine = service.get("/api/v1/batches", service.adminKey).json().getJsonArray("items");
        assertEquals(1, mine.size());
        assertEquals(done.getString("id"), mine.getJsonObject(0).getString("id"));
        assertFalse(mine.getJsonObject(0).containsKey("errors"));
        assertEquals(200, service.get("/api/v1/batches/" + done.getString("id").toLowerCase(), service.adminKey).status(),
                "batch ids match in any case, like code ids");
    }

    @Test
    void restartDuringABatch_resumesItAndEveryRowEndsWithOneCodeOrError() {
        String key = service.adminKey;
        StringBuilder csv = new StringBuilder("destination,slug\n");
        for (int i = 1; i <= 3_000; i++) {
            csv.append("https://example.com/r/").append(i).append(i == 2_000 ? ",api" : ",").append('\n');
        }
        TestService.Reply accepted = service.send("POST", "/api/v1/batches?formats=png&sizes=100&tags=restart", key, "text/csv",
                csv.toString(), Map.of());
        assertEquals(202, accepted.status(), accepted.body());
        String id = accepted.json().getString("id");
        JsonObject before = poll(key, id, Duration.ofSeconds(60), b -> b.getInteger("done") > 0);
        assertEquals("running", before.getString("status"), "the batch must still run when the service stops");

        service.restart();

        JsonObject done = awaitFinished(key, id);
        assertEquals("done", done.getString("status"), done.encode());
        assertEquals(2_999, done.getInteger("created"));
        assertEquals(1, done.getInteger("failed"));
        assertTrue(service.output.toString(StandardCharsets.UTF_8).contains("resuming 1"), "the banner says a batch resumes");
        List<CSVRecord> manifest = BatchArchives.manifest(BatchArchives.unzip(service.get(done.getString("archive"), key).bytes()));
        assertEquals(3_000, manifest.size());
        Set<String> ids = new HashSet<>();
        manifest.stream().map(r -> r.get("id")).filter(s -> !s.isEmpty()).forEach(ids::add);
        assertEquals(2_999, ids.size());
        // the tenant has exactly the batch's codes with its tag: none made twice, none left out
        int listed = 0;
        String cursor = null;
        do {
            JsonObject page = service.get("/api/v1/codes?limit=200&tag=restart" + (cursor == null ? "" : "&cursor=" + cursor), key).json();
            for (Object item : page.getJsonArray("items")) {
                assertTrue(ids.contains(((JsonObject) item).getString("id")));
                listed++;
            }
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertEquals(2_999, listed);
    }

    @Test
    void badUploads_areRefusedNamingWhatIsWrong() {
        String key = service.adminKey;
        assertError(service.send("POST", "/api/v1/batches", key, "text/plain", "destination\nhttps://a.example/", Map.of()),
                415, "unsupported_media_type", null);
        assertError(csv(key, "", ""), 400, "invalid_field", "csv");
        assertError(csv(key, "destination,colour\nhttps://a.example/,red\n", ""), 400, "invalid_field", "csv");
        assertError(csv(key, "slug\nabc\n", ""), 400, "invalid_field", "csv");
        assertError(csv(key, "destination\n", ""), 400, "invalid_field", "csv");
        TestService.Reply quotes = csv(key, "destination,label\nhttps://a.example/,\"open\nhttps://b.example/,x\"y\n", "");
        assertError(quotes, 400, "invalid_field", "csv");
        assertTrue(quotes.json().getJsonObject("error").getString("message").contains("line"), quotes.body());
        assertError(csv(key, "destination\nhttps://a.example/\n", "formats=gif"), 400, "invalid_field", "formats");
        assertError(csv(key, "destination\nhttps://a.example/\n", "sizes=10"), 400, "invalid_field", "sizes");
        assertError(csv(key, "destination\nhttps://a.example/\n", "sizes=big"), 400, "invalid_field", "sizes");
        TestService.Reply tooSmall = csv(key, "destination,slug\nhttps://a.example/,\nhttps://b.example/," + "s".repeat(60) + "\n",
                "sizes=300,64");
        assertError(tooSmall, 400, "invalid_field", "sizes");
        assertTrue(tooSmall.json().getJsonObject("error").getString("message").contains("px"), tooSmall.body());
        assertError(csv(key, "destination\nhttps://a.example/\n", "errorCorrection=Z"), 400, "invalid_field", "errorCorrection");
        assertError(csv(key, "destination\nhttps://a.example/\n", "tags=" + "t".repeat(51)), 400, "invalid_field", "tags");
        assertError(csv(key, "destination\nhttps://a.example/\n", "foreground=%23FFFFFF"), 400, "invalid_field", "style.foreground");
        assertError(service.post("/api/v1/batches", key, new JsonObject()), 400, "invalid_field", "items");
        assertError(service.post("/api/v1/batches", key, new JsonObject().put("items", new JsonArray())), 400, "invalid_field", "items");
        assertError(service.post("/api/v1/batches", key, new JsonObject().put("items", "x")), 400, "invalid_field", "items");
        assertError(service.post("/api/v1/batches", key, new JsonObject().put("items", new JsonArray().add(new JsonObject()))
                .put("sizes", new JsonArray().add(300.5))), 400, "invalid_field", "sizes");
        assertError(service.post("/api/v1/batches", key, new JsonObject().put("items", new JsonArray()).put("extra", 1)),
                400, "invalid_field", "extra");

        byte[] latin1 = "destination,label\nhttps://a.example/,Caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        TestService.Reply notUtf8 = service.sendBytes("POST", "/api/v1/batches", key, "text/csv", latin1);
        assertError(notUtf8, 400, "invalid_field", "csv");
        assertTrue(notUtf8.json().getJsonObject("error").getString("message").contains("UTF-8"));

        StringBuilder tooMany = new StringBuilder("destination\n");
        tooMany.append("https://example.com/x\n".repeat(10_001));
        TestService.Reply rows = csv(key, tooMany.toString(), "");
        assertError(rows, 413, "too_many_rows", "items");
        assertTrue(rows.json().getJsonObject("error").getString("message").contains("10,000"));
        JsonArray items = new JsonArray();
        for (int i = 0; i < 10_001; i++) {
            items.add(new JsonObject().put("destination", "https://example.com/"));
        }
        assertError(service.post("/api/v1/batches", key, new JsonObject().put("items", items)), 413, "too_many_rows", "items");
        byte[] huge = new byte[33 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) 'a');
        assertError(service.sendBytes("POST", "/api/v1/batches", key, "text/csv", huge), 413, "body_too_large", null);

        assertEquals(0, service.get("/api/v1/batches", key).json().getJsonArray("items").size(), "nothing refused was stored");
        assertError(service.get("/api/v1/batches/NOSUCHBATCH1", key), 404, "not_found", null);
        assertError(service.get("/api/v1/batches/NOSUCHBATCH1/archive.zip", key), 404, "not_found", null);
    }

    /** What zbarimg reads from each of the named files, run once over all of them. */
    private Map<String, String> zbar(Map<String, byte[]> files, Set<String> names) {
        ExternalTools.require("zbarimg", "zbar-tools");
        Path folder = dir.resolve("zbar");
        List<String> command = new java.util.ArrayList<>(List.of("zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable"));
        try {
            java.nio.file.Files.createDirectories(folder);
            for (String name : names) {
                java.nio.file.Files.write(folder.resolve(name), files.get(name));
                command.add(folder.resolve(name).toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ExternalTools.Run run = ExternalTools.run(command.toArray(String[]::new));
        List<String> lines = run.stdoutText().lines().toList();
        assertEquals(names.size(), lines.size(), "zbarimg read every file, one line each: " + run.stderr());
        Map<String, String> read = new LinkedHashMap<>();
        int i = 0;
        for (String name : names) {
            read.put(name, lines.get(i++));
        }
        return read;
    }

    private TestService.Reply csv(String key, String body, String query) {
        return service.send("POST", "/api/v1/batches" + (query.isEmpty() ? "" : "?" + query), key, "text/csv", body, Map.of());
    }

    private static void assertError(TestService.Reply reply, int status, String code, String field) {
        assertEquals(status, reply.status(), reply.body());
        JsonObject error = reply.json().getJsonObject("error");
        assertNotNull(error, reply.body());
        assertEquals(code, error.getString("code"), reply.body());
        assertEquals(field, error.getString("field"), reply.body());
    }

    private String submitJson(String key, int rows) {
        JsonArray items = new JsonArray();
        for (int i = 1; i <= rows; i++) {
            items.add(new JsonObject().put("destination", "https://example.com/" + i));
        }
        TestService.Reply accepted = service.post("/api/v1/batches", key, new JsonObject().put("items", items));
        assertEquals(202, accepted.status(), accepted.body());
        return accepted.json().getString("id");
    }

    private JsonObject awaitFinished(String key, String id) {
        return poll(key, id, Duration.ofSeconds(120), b -> !b.getString("status").equals("running"));
    }

    private JsonObject poll(String key, String id, Duration limit, java.util.function.Predicate<JsonObject> until) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            TestService.Reply reply = service.get("/api/v1/batches/" + id, key);
            assertEquals(200, reply.status(), reply.body());
            JsonObject batch = reply.json();
            if (until.test(batch)) {
                return batch;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("batch " + id + " did not get there in " + limit + ": " + batch.encode());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static String quote(String value) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }
}
