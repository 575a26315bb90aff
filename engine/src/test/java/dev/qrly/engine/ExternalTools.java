package dev.qrly.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Test support: runs Debian's command-line tools (zbarimg, rsvg-convert, pdftoppm). A missing tool
 * fails the test with the package to install; it is never a silent skip.
 */
public final class ExternalTools {

    private ExternalTools() {}

    /** The result of one run. */
    public record Run(int exitCode, byte[] stdout, String stderr) {
        public String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    /** Fails unless {@code command} is on the PATH, naming the Debian package that provides it. */
    public static void require(String command, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return;
            }
        }
        throw new AssertionError(command + " not found on PATH: install the Debian package " + debianPackage
                + " (apt-get install " + debianPackage + "); .ci/run does");
    }

    /** Runs a command to completion (60 s at most) and returns what it printed. */
    public static Run run(String... command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("LC_ALL", "C.UTF-8");
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            byte[][] out = new byte[2][];
            Thread errReader = Thread.ofVirtual().start(() -> out[1] = readAll(process.getErrorStream()));
            out[0] = readAll(process.getInputStream());
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", command));
            }
            errReader.join();
            return new Run(process.exitValue(), out[0], new String(out[1], StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("could not run " + command[0] + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Decodes the one QR code in an image file with {@code zbarimg --raw} and returns its text,
     * without the newline zbarimg adds.
     */
    public static String zbar(Path image) {
        Run run = run("zbarimg", "--raw", "-q", image.toString());
        if (run.exitCode() != 0) {
            throw new AssertionError("zbarimg found no code in " + image.getFileName() + " (exit " + run.exitCode() + ")");
        }
        String text = run.stdoutText();
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    /** Rasterises an SVG with {@code rsvg-convert} onto white, at the given width. */
    public static Path rsvg(Path svg, int width) {
        Path png = svg.resolveSibling(svg.getFileName() + ".png");
        check(run("rsvg-convert", "--background-color=white", "-w", Integer.toString(width), "-o", png.toString(), svg.toString()));
        return png;
    }

    /** Rasterises the first page of a PDF with {@code pdftoppm} at the given resolution. */
    public static Path pdftoppm(Path pdf, int dpi) {
        Path base = pdf.resolveSibling(pdf.getFileName() + "-page");
        check(run("pdftoppm", "-r", Integer.toString(dpi), "-png", "-singlefile", pdf.toString(), base.toString()));
        return base.resolveSibling(base.getFileName() + ".png");
    }

    private static void check(Run run) {
        if (run.exitCode() != 0) {
            throw new AssertionError("command failed (exit " + run.exitCode() + "): " + run.stderr());
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
