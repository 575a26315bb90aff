package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.engine.ExternalTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher as a user runs it: {@code ./qr generate} for each format, read back by zbar, and
 * the JDK search when the default {@code java} is too old or no JDK can be found.
 */
class LauncherIT {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final String DATA = "HTTP://LOCALHOST:8080/R/7K3M9Q2X";

    @TempDir
    Path dir;

    record Run(int status, String stdout, String stderr) {}

    @BeforeAll
    static void toolsPresent() {
        ExternalTools.require("zbarimg", "zbar-tools");
        ExternalTools.require("rsvg-convert", "librsvg2-bin");
        ExternalTools.require("pdftoppm", "poppler-utils");
    }

    private static Run qr(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("qr").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        env.forEach((k, v) -> {
            if (v == null) {
                builder.environment().remove(k);
            }
        });
        Path out = Files.createTempFile("qr-out", ".txt");
        Path err = Files.createTempFile("qr-err", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "./qr did not finish");
        Run run = new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return run;
    }

    @Test
    void generate_eachFormat_zbarReadsItBack() throws Exception {
        Path png = dir.resolve("code.png");
        Path svg = dir.resolve("code.svg");
        Path pdf = dir.resolve("code.pdf");
        assertEquals(0, qr(Map.of(), "generate", "--data", DATA, "-o", png.toString()).status());
        assertEquals(0, qr(Map.of(), "generate", "--data", DATA, "--size", "400", "-o", svg.toString()).status());
        assertEquals(0, qr(Map.of(), "generate", "--data", DATA, "--size", "30mm", "-o", pdf.toString()).status());
        assertEquals(DATA, ExternalTools.zbar(png));
        assertEquals(DATA, ExternalTools.zbar(ExternalTools.rsvg(svg, 400)));
        assertEquals(DATA, ExternalTools.zbar(ExternalTools.pdftoppm(pdf, 300)));
    }

    @Test
    void launcher_defaultJavaTooOld_findsJdk21OrNewer() throws Exception {
        Path jdk17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
        Map<String, String> env = new HashMap<>();
        if (Files.isDirectory(jdk17)) {
            env.put("JAVA_HOME", jdk17.toString());
            env.put("PATH", jdk17.resolve("bin") + ":" + System.getenv("PATH"));
        }
        Run run = qr(env, "--help");
        assertEquals(0, run.status(), run.stderr());
        assertTrue(run.stdout().contains("generate"), run.stdout());
    }

    @Test
    void launcher_noJdkAnywhere_saysSoInOneLine() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_HOME", dir.toString());
        env.put("PATH", binWithoutJava().toString());
        env.put("QR_JDK_DIRS", dir.toString());
        Run run = qr(env, "--help");
        assertEquals(1, run.status(), run.stdout());
        String[] lines = run.stderr().strip().split("\n");
        assertEquals(1, lines.length, run.stderr());
        assertTrue(lines[0].contains("no JDK 21 or newer found"), lines[0]);
    }

    /** A PATH folder with the shell tools the launcher uses, but no java. */
    private Path binWithoutJava() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String tool : List.of("bash", "env", "sed", "head", "readlink", "dirname", "find")) {
            for (String folder : List.of("/usr/bin", "/bin")) {
                Path source = Path.of(folder, tool);
                if (Files.isExecutable(source) && !Files.exists(bin.resolve(tool))) {
                    Files.createSymbolicLink(bin.resolve(tool), source);
                }
            }
        }
        return bin;
    }
}
