package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.ReaderException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import dev.qrly.app.cli.BatchCommand;
import dev.qrly.engine.Decoders;
import io.vertx.core.json.JsonObject;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qr batch} end to end: against the real service over HTTP, offline, and with bad arguments. */
class BatchCommandIT {

    private static final int ROWS = 60;
    /** Row 7 has no valid destination, row 13 repeats row 12's slug, row 21's label is too long. */
    private static final List<Integer> BAD_ROWS = List.of(7, 13, 21);
    private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"0 0 (\\d+) \\d+\"");

    @TempDir
    static Path serviceDir;

    @TempDir
    Path dir;

    private static TestService service;

    @BeforeAll
    static void start() {
        service = new TestService(serviceDir, Map.of());
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    /** What one run printed and returned. */
    record Outcome(int status, String stdout, String stderr) {}

    private static Outcome run(Map<String, String> env, boolean terminal, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        BatchCommand.Context context = new BatchCommand.Context(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), terminal, Clock.systemUTC(), Thread::sleep);
        int status = BatchCommand.run(args, context);
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Outcome run(String... args) {
        return run(Map.of(), false, args);
    }

    private static String destination(int row) {
        return "https://example.com/menu/" + row + "?table=" + (row % 7);
    }

    /**
     * The test CSV: {@value #ROWS} rows, the bad ones in {@link #BAD_ROWS}; row 3's tags span two
     * lines, so rows after it start two lines below their number; row 30 repeats row 29's destination.
     */
    private Path csv(boolean withBadRows, String slugPrefix) throws IOException {
        StringBuilder csv = new StringBuilder("destination,slug,label,tags\r\n");
        for (int row = 1; row <= ROWS; row++) {
            String destination = row == 30 ? destination(29) : destination(row);
            String slug = row % 6 == 0 || row == 12 ? slugPrefix + "-" + row : "";
            String label = row == 3 ? "\"Table tents, large\"" : "Item " + row;
            String tags = row == 3 ? "\"spring|\nmenu\"" : "spring|menu";
            if (withBadRows && row == 7) {
                destination = "not a url";
            }
            if (withBadRows && row == 13) {
                slug = slugPrefix + "-12";
            }
            if (withBadRows && row == 21) {
                label = "L".repeat(201);
            }
            csv.append(destination).append(',').append(slug).append(',').append(label).append(',').append(tags).append("\r\n");
        }
        Path file = dir.resolve(withBadRows ? "codes.csv" : "good.csv");
        Files.writeString(file, csv);
        return file;
    }

    /** The archive's manifest, one record a row, and its files. */
    private record Archive(List<CSVRecord> manifest, Map<String, byte[]> files) {}

    private static Archive open(Path zip) {
        Map<String, byte[]> files = new HashMap<>(BatchArchives.unzip(zip));
        List<CSVRecord> records = BatchArchives.manifest(files);
        files.remove("manifest.csv");
        return new Archive(records, files);
    }

    /**
     * Checks a row's files: each is in the archive, every PNG decodes to the manifest's
     * {@code encoded}, every SVG is well-formed XML, and with {@code decodeSvg} decodes too
     * (rasterising is the slow part, so a sample of rows does). Returns the row's files.
     */
    private static List<String> checkImages(Archive archive, CSVRecord line, boolean decodeSvg) throws Exception {
        List<String> names = List.of(line.get("files").split(" "));
        DocumentBuilder xml = DocumentBuilderFactory.newInstance().newDocumentBuilder();
        for (String name : names) {
            byte[] bytes = archive.files().get(name);
            assertNotNull(bytes, "the archive holds " + name);
            BufferedImage image = null;
            if (name.endsWith(".png")) {
                image = Decoders.png(bytes);
            } else {
                xml.parse(new ByteArrayInputStream(bytes));
                String svg = new String(bytes, StandardCharsets.UTF_8);
                if (decodeSvg) {
                    Matcher viewBox = VIEW_BOX.matcher(svg);
                    assertTrue(viewBox.find(), name + " has a viewBox in module units");
                    // a whole number of pixels a module, so that no module edge is blurred
                    image = Decoders.pad(Decoders.svg(svg, 6 * Integer.parseInt(viewBox.group(1))), 24, Color.WHITE);
                }
            }
            if (image != null) {
                assertEquals(line.get("encoded"), decode(image, name), name);
            }
        }
        return names;
    }

    /**
     * The text of the code in the image. ZXing's detector misses a few symbols in a hundred, the
     * same ones every time (here row 46 offline; with random ids, any row): zbar reads them, and
     * ZXing decodes them when told that the image holds the code alone, as these do. So that is
     * the second try.
     */
    private static String decode(BufferedImage image, String name) {
        try {
            return Decoders.zxing(image).getText();
        } catch (AssertionError detectorMissed) {
            BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
            try {
                return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
            } catch (ReaderException e) {
                throw new AssertionError(name + ": ZXing cannot decode the image, not even as the code alone: " + e, e);
            }
        }
    }

    private static String path(String url) {
        return URI.create(url).getRawPath();
    }

    @Test
    void batch_onTheService_makesACodeARowListsTheBadRowsAndExits3() throws Exception {
        Path out = dir.resolve("codes.zip");
        Outcome outcome = run(Map.of("QR_API_KEY", service.adminKey), false, csv(true, "MENU").toString(), "-o", out.toString(),
                "--server", service.base(), "--size", "300,160", "--tags", "print-run");

        assertEquals(3, outcome.status(), outcome.stderr());
        String err = outcome.stderr();
        assertTrue(err.contains("row 7 (line 9): destination: "), err);
        assertTrue(err.contains("row 13 (line 15): slug: "), err);
        assertTrue(err.contains("row 21 (line 23): label: "), err);
        assertTrue(err.contains("60 rows, 57 codes made, 3 rows failed"), err);
        assertTrue(err.lines().anyMatch(l -> l.matches("qr batch: 60/60 rows \\(100%\\) in .*, .* rows/s")), "plain progress: " + err);
        assertFalse(err.contains("\r"), "not a terminal: no redrawn line");
        assertEquals("", outcome.stdout());

        Archive archive = open(out);
        assertEquals(ROWS, archive.manifest().size());
        Map<String, JsonObject> codes = new HashMap<>();
        service.get("/api/v1/codes?tag=print-run&limit=200", service.adminKey).json().getJsonArray("items")
                .forEach(item -> codes.put(((JsonObject) item).getString("id"), (JsonObject) item));
        List<String> listed = new ArrayList<>();
        for (int row = 1; row <= ROWS; row++) {
            CSVRecord line = archive.manifest().get(row - 1);
            assertEquals(Integer.toString(row), line.get("row"));
            if (BAD_ROWS.contains(row)) {
                assertEquals("", line.get("id"), "row " + row);
                assertEquals("", line.get("files"));
                assertFalse(line.get("error").isEmpty());
                continue;
            }
            assertEquals("", line.get("error"), "row " + row);
            String expected = row == 30 ? destination(29) : destination(row);
            assertEquals(expected, line.get("destination"));
            listed.addAll(checkImages(archive, line, row % 10 == 1));
            assertEquals(3, line.get("files").split(" ").length, "an SVG and two PNG sizes");

            JsonObject code = codes.remove(line.get("id"));
            assertNotNull(code, "row " + row + "'s code is stored with the batch's tag");
            assertEquals(expected, code.getString("destination"));
            assertEquals(line.get("encoded"), code.getString("encoded"));
            assertEquals(line.get("shortUrl"), code.getString("shortUrl"));
            if (row % 10 == 2) {
                assertEquals(200, service.get("/api/v1/codes/" + line.get("id"), service.adminKey).status());
                TestService.Reply scan = service.scan(path(line.get("shortUrl")));
                assertEquals(302, scan.status());
                assertEquals(expected, scan.header("Location"));
            }
        }
        assertEquals(Map.of(), codes, "no code that the manifest does not list");
        assertEquals(listed.size(), archive.files().size(), "no file that the manifest does not list");
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith(".qr-batch-")).toList());
        }
    }

    @Test
    void batch_offline_encodesEachDestinationAndSkipsTheBadOnes() throws Exception {
        Path out = dir.resolve("static.zip");
        Outcome outcome = run(csv(true, "X").toString(), "-o", out.toString(), "--offline");

        assertEquals(3, outcome.status(), outcome.stderr());
        String err = outcome.stderr();
        assertTrue(err.contains("row 7 (line 9): destination: "), err);
        assertTrue(err.contains("60 rows, 59 codes made, 1 row failed"), err);
        assertTrue(err.contains("no slug or tags: those columns are ignored"), err);

        Archive archive = open(out);
        assertEquals(ROWS, archive.manifest().size());
        for (CSVRecord line : archive.manifest()) {
            int row = Integer.parseInt(line.get("row"));
            assertEquals("", line.get("id"));
            assertEquals("", line.get("shortUrl"));
            if (row == 7) {
                assertTrue(line.get("error").startsWith("destination must not contain spaces"), line.get("error"));
                continue;
            }
            String expected = row == 30 ? destination(29) : destination(row);
            assertEquals(expected, line.get("encoded"), "a static code encodes the destination itself");
            assertEquals(List.of(String.format("%03d.svg", row), String.format("%03d-300px.png", row)),
                    checkImages(archive, line, row % 10 == 6));
        }
        assertEquals("Table tents, large", archive.manifest().get(2).get("label"));
        assertEquals("L".repeat(201), archive.manifest().get(20).get("label"), "labels are copied as they are");
        assertArrayEquals(archive.files().get("029-300px.png"), archive.files().get("030-300px.png"));
    }

    @Test
    void batch_offlineAllGood_exits0AndRedrawsOnATerminal() throws Exception {
        Path out = dir.resolve("good.zip");
        Outcome outcome = run(Map.of(), true, csv(false, "X").toString(), "-o", out.toString(), "--offline", "--format", "png,pdf",
                "--size", "200", "--ecl", "Q", "--fg", "#1B2A6B", "--bg", "#FFF8E7");

        assertEquals(0, outcome.status(), outcome.stderr());
        assertTrue(outcome.stderr().contains("\r[########################] 60/60 100%"), outcome.stderr());
        assertTrue(outcome.stderr().contains("60 rows, 60 codes made, 0 rows failed"), outcome.stderr());
        Archive archive = open(out);
        byte[] pdf = archive.files().get("045.pdf");
        assertEquals(destination(45), Decoders.zxing(Decoders.pdf(pdf, 150)).getText());
        assertEquals(200, Decoders.png(archive.files().get("045-200px.png")).getWidth());
    }

    /** Runs a command line that must fail with one line on standard error naming {@code named}, and no archive. */
    private void refused(int status, String named, Map<String, String> env, String... args) {
        Outcome outcome = run(env, false, args);
        assertEquals(status, outcome.status(), outcome.stderr());
        assertEquals(1, outcome.stderr().lines().count(), outcome.stderr());
        assertTrue(outcome.stderr().startsWith("qr batch: "), outcome.stderr());
        assertTrue(outcome.stderr().contains(named), "names " + named + ": " + outcome.stderr());
        assertFalse(Files.exists(dir.resolve("out.zip")));
    }

    @Test
    void batch_badArguments_exit2WithOneLineNamingTheArgument() throws Exception {
        String csv = csv(true, "BAD").toString();
        String out = dir.resolve("out.zip").toString();
        Map<String, String> none = Map.of();
        refused(2, "-o", none, csv, "--offline");
        refused(2, "--server URL or --offline", none, csv, "-o", out, "--server", service.base(), "--offline");
        refused(2, "--server URL or --offline", none, csv, "-o", out);
        refused(2, "--format", none, csv, "-o", out, "--offline", "--format", "png,gif");
        refused(2, "--size", none, csv, "-o", out, "--offline", "--size", "10");
        refused(2, "--size", none, csv, "-o", out, "--offline", "--size", "100,200,300,400,500");
        refused(2, "--ecl", none, csv, "-o", out, "--offline", "--ecl", "X");
        refused(2, "--fg", none, csv, "-o", out, "--offline", "--fg", "#EEEEEE");
        refused(2, "--tags", none, csv, "-o", out, "--offline", "--tags", "a");
        refused(2, "missing.csv: no such file", none, dir.resolve("missing.csv").toString(), "-o", out, "--offline");
        refused(2, "--api-key", none, csv, "-o", out, "--server", service.base());
        refused(2, "--server", none, csv, "-o", out, "--server", "localhost:8080", "--api-key", "k");
        refused(2, "unknown option --colour", none, csv, "-o", out, "--offline", "--colour", "red");
    }

    @Test
    void batch_refusedByTheService_exit2WithItsMessage() throws Exception {
        String csv = csv(true, "NOPE").toString();
        String out = dir.resolve("out.zip").toString();
        refused(2, "--api-key: the service refused the key", Map.of(), csv, "-o", out, "--server", service.base(),
                "--api-key", "qrly_aaaaaaaa_" + "a".repeat(32));
        refused(2, "QR_API_KEY: the service refused the key", Map.of("QR_API_KEY", "qrly_aaaaaaaa_" + "a".repeat(32)), csv, "-o", out,
                "--server", service.base());
        Path badHeader = dir.resolve("header.csv");
        Files.writeString(badHeader, "url,label\nhttps://example.com/,x\n");
        refused(2, "header.csv: the CSV header has an unknown column 'url'", Map.of("QR_API_KEY", service.adminKey),
                badHeader.toString(), "-o", out, "--server", service.base());
        refused(2, "header.csv: the CSV header has an unknown column 'url'", Map.of(), badHeader.toString(), "-o", out, "--offline");
    }

    @Test
    void batch_serviceUnreachableOrOutputUnwritable_exit1() throws Exception {
        String csv = csv(true, "GONE").toString();
        refused(1, "cannot reach http://127.0.0.1:", Map.of("QR_API_KEY", service.adminKey), csv, "-o", dir.resolve("out.zip").toString(),
                "--server", "http://127.0.0.1:" + TestService.freePort());
        refused(1, "cannot write " + dir.resolve("no/such/dir.zip"), Map.of(), csv, "-o", dir.resolve("no/such/dir.zip").toString(),
                "--offline");
    }

    @Test
    void batch_help_listsEveryOption() {
        Outcome outcome = run("--help");
        assertEquals(0, outcome.status());
        for (String option : List.of("-o, --output", "--server", "--api-key", "QR_API_KEY", "--offline", "--format", "--size",
                "--ecl", "--margin", "--fg", "--bg", "--tags", "Exit status")) {
            assertTrue(outcome.stdout().contains(option), option);
        }
    }
}
