package dev.qrly.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.engine.Decoders;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GenerateCommandTest {

    @TempDir
    Path dir;

    /** What one run printed and returned. */
    record Outcome(int status, byte[] stdout, String stderr) {}

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void generate_png_writesExactSizeThatDecodes() throws Exception {
        Path file = dir.resolve("menu.png");
        Outcome outcome = run("generate", "--data", "https://example.com/menu", "--size", "512", "-o", file.toString());
        assertEquals(0, outcome.status(), outcome.stderr());
        assertEquals("", outcome.stderr());
        var image = Decoders.png(Files.readAllBytes(file));
        assertEquals(512, image.getWidth());
        assertEquals("https://example.com/menu", Decoders.zxing(image).getText());
    }

    @Test
    void generate_svgByExtension_withColoursDecodes() throws Exception {
        Path file = dir.resolve("code.svg");
        Outcome outcome = run("generate", "--data", "Grüße, 東京", "--fg", "#1b2a6b", "--bg", "#fff8e7", "--margin", "2",
                "--ecl", "h", "-o", file.toString());
        assertEquals(0, outcome.status(), outcome.stderr());
        String svg = Files.readString(file);
        assertTrue(svg.contains("fill=\"#1B2A6B\""), svg);
        assertEquals("Grüße, 東京", Decoders.zxing(Decoders.pad(Decoders.svg(svg, 400), 40, java.awt.Color.WHITE)).getText());
    }

    @Test
    void generate_pdfWithPhysicalSize_decodes() throws Exception {
        Path file = dir.resolve("poster");
        Outcome outcome = run("generate", "--data", "WIFI:T:WPA;S:Cafe;P:secret123;;", "--format", "pdf", "--size", "2in", "-o", file.toString());
        assertEquals(0, outcome.status(), outcome.stderr());
        byte[] pdf = Files.readAllBytes(file);
        assertEquals("%PDF-", new String(pdf, 0, 5, StandardCharsets.US_ASCII));
        var page = Decoders.pdf(pdf, 150);
        assertEquals(300, page.getWidth()); // 2 in at 150 dpi
        assertEquals("WIFI:T:WPA;S:Cafe;P:secret123;;", Decoders.zxing(page).getText());
    }

    @Test
    void generate_toStandardOutput_writesTheImageOnly() {
        Outcome outcome = run("generate", "--data", "HELLO", "-o", "-");
        assertEquals(0, outcome.status());
        assertEquals("HELLO", Decoders.zxing(Decoders.png(outcome.stdout())).getText());
    }

    @Test
    void generate_largeData_defaultSizeGrowsToThreePixelsPerModule() throws Exception {
        Path file = dir.resolve("big.png");
        Outcome outcome = run("generate", "--data", "x".repeat(2000), "--ecl", "L", "-o", file.toString());
        assertEquals(0, outcome.status(), outcome.stderr());
        assertTrue(Decoders.png(Files.readAllBytes(file)).getWidth() > 300);
    }

    @Test
    void generate_help_printsEveryOption() {
        Outcome outcome = run("generate", "--help");
        assertEquals(0, outcome.status());
        String help = new String(outcome.stdout(), StandardCharsets.UTF_8);
        for (String option : List.of("--data", "-o", "--format", "--size", "--ecl", "--margin", "--fg", "--bg", "--allow-inverted",
                "--version", "--mask")) {
            assertTrue(help.contains(option), option);
        }
    }

    /** Each bad argument: exit 2, one line on standard error that names it, no file written. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            --ecl X                           | --ecl
            --size 20                         | --size
            --size 5000                       | --size
            --size abc                        | --size
            --format gif                      | --format
            --margin 17                       | --margin
            --margin -1                       | --margin
            --fg red                          | --fg
            --bg #12345                       | --bg
            --fg #EEEEEE                      | --fg
            --fg #FFFFFF --bg #000000         | --fg
            --version 41                      | --version
            --version 1 --ecl H               | --data
            --mask 8                          | --mask
            --bogus                           | --bogus
            --size                            | --size
            --format pdf --size 50            | --size
            --format pdf --size 5mm           | --size
            --format pdf --bg transparent     | --bg
            extra                             | extra
            --allow-inverted=yes              | --allow-inverted
            """)
    void generate_badArgument_exitsTwoWithOneLineNamingIt(String arguments, String named) {
        Path file = dir.resolve("out.png");
        List<String> args = new ArrayList<>(List.of("generate", "--data", "HTTPS://QR.EXAMPLE.COM/R/7K3M9Q2X/AND/SOME/MORE/PATH", "-o", file.toString()));
        args.addAll(List.of(arguments.trim().split(" +")));
        Outcome outcome = run(args.toArray(String[]::new));
        assertEquals(2, outcome.status(), outcome.stderr());
        String[] lines = outcome.stderr().split("\n");
        assertEquals(1, lines.length, outcome.stderr());
        assertTrue(lines[0].startsWith("qr generate: "), lines[0]);
        assertTrue(lines[0].contains(named), lines[0]);
        assertFalse(Files.exists(file));
    }

    @ParameterizedTest
    @CsvSource({"x.jpg", "x.JPEG", "code.webp", "menu.png.gif"})
    void generate_unknownExtension_withoutFormat_exitsTwoNamingItAndWritesNothing(String name) throws Exception {
        Path file = dir.resolve(name);
        Outcome outcome = run("generate", "--data", "HELLO", "-o", file.toString());
        assertEquals(2, outcome.status(), outcome.stderr());
        assertEquals(1, outcome.stderr().split("\n").length, outcome.stderr());
        assertTrue(outcome.stderr().startsWith("qr generate: -o " + file + ": "), outcome.stderr());
        assertTrue(outcome.stderr().contains(".png, .svg or .pdf") && outcome.stderr().contains("--format"), outcome.stderr());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "nothing written");
        }
    }

    @Test
    void generate_anyNameWithExplicitFormat_orNoExtension_writesThatFormat() throws Exception {
        Path jpg = dir.resolve("x.jpg");
        assertEquals(0, run("generate", "--data", "HELLO", "--format", "svg", "-o", jpg.toString()).status());
        assertTrue(Files.readString(jpg).startsWith("<svg") || Files.readString(jpg).contains("<svg"));
        Path bare = dir.resolve("sub.dir").resolve("code");
        Files.createDirectories(bare.getParent());
        Outcome outcome = run("generate", "--data", "HELLO", "-o", bare.toString());
        assertEquals(0, outcome.status(), outcome.stderr());
        assertEquals("HELLO", Decoders.zxing(Decoders.png(Files.readAllBytes(bare))).getText());
    }

    @Test
    void generate_missingDataOrOutput_exitsTwo() {
        assertTrue(run("generate", "-o", dir.resolve("a.png").toString()).stderr().contains("--data is required"));
        assertTrue(run("generate", "--data", "x").stderr().contains("-o FILE is required"));
        assertEquals(2, run("generate", "--data", "x", "--data", "y", "-o", "a.png").status());
        assertEquals(2, run("generate", "--data", "", "-o", dir.resolve("a.png").toString()).status());
    }

    @Test
    void generate_dataTooLong_saysCapacityInOneLine() {
        Outcome outcome = run("generate", "--data", "x".repeat(3000), "--ecl", "H", "-o", dir.resolve("a.png").toString());
        assertEquals(2, outcome.status());
        assertEquals("qr generate: --data: data too long: 3,000 bytes (UTF-8), but a QR code at error correction H holds at most "
                + "1,273 bytes (UTF-8); over by 1,727. Use a lower error correction level or shorten the data\n", outcome.stderr());
    }

    @Test
    void generate_unwritableOutput_exitsOneWithOneLine() {
        Outcome outcome = run("generate", "--data", "x", "-o", dir.resolve("missing/dir/a.png").toString());
        assertEquals(1, outcome.status());
        assertEquals(1, outcome.stderr().split("\n").length);
        assertTrue(outcome.stderr().contains("cannot write"), outcome.stderr());
    }

    @Test
    void cli_unknownCommandOrNone_exitsTwo() {
        assertEquals(2, run("frobnicate").status());
        assertEquals(2, run().status());
        assertEquals(0, run("--help").status());
    }
}
