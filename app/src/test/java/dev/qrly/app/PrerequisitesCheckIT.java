package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/test} checks what the tests need before it starts Maven, and names everything
 * missing in one message; its PostgreSQL check tells a server that is not there from one that
 * refuses the tests' user or database.
 */
class PrerequisitesCheckIT {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    @TempDir
    Path dir;

    record Run(int status, String stdout, String stderr) {}

    private Run run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("QR_TEST_") || name.equals("JAVA_HOME"));
        builder.environment().putAll(env);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "did not finish");
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** A PATH folder with every program of /usr/bin and /bin but the given ones. */
    private Path pathWithout(Set<String> absent) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String folder : List.of("/usr/bin", "/bin")) {
            try (Stream<Path> programs = Files.list(Path.of(folder))) {
                for (Path program : (Iterable<Path>) programs::iterator) {
                    Path link = bin.resolve(program.getFileName().toString());
                    if (!absent.contains(program.getFileName().toString()) && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, program);
                    }
                }
            }
        }
        return bin;
    }

    @Test
    void binTest_withToolsMissing_namesThemAllInOneMessage_andStartsNoBuild() throws Exception {
        Path bin = pathWithout(Set.of("java", "javac", "zbarimg", "chromium", "chromedriver", "npm"));
        Run run = run(List.of(ROOT.resolve("bin/test").toString()),
                Map.of("PATH", bin.toString(), "QR_JDK_DIRS", dir.resolve("no-jdks").toString()));
        assertEquals(1, run.status(), run.stderr());
        assertEquals("", run.stdout(), "Maven never started");
        String message = run.stderr();
        assertTrue(message.startsWith("qrly: the tests cannot run here yet; they need:\n"), message);
        assertTrue(message.contains("  - a JDK 21 or newer"), message);
        String packages = message.lines().filter(line -> line.startsWith("  - Debian packages ")).findFirst().orElse("");
        for (String absent : List.of("zbar-tools", "chromium", "chromium-driver")) {
            assertTrue(packages.contains(" " + absent + " ") && packages.contains("apt-get install "), message);
        }
        assertTrue(message.contains("  - npm"), message);
        assertTrue(message.contains(".ci/run sets up all of it"), message);
        assertFalse(message.contains("redis-server"), "it is there: " + message);
    }

    private Run probe(String host, int port, String user, String database) throws Exception {
        return run(List.of("bash", "-c", ". bin/postgres.sh && qrly_pg_probe \"$@\"", "probe", host, Integer.toString(port), user, database),
                Map.of());
    }

    @Test
    void postgresProbe_tellsNothingThereFromARefusal() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Run nothing = probe("127.0.0.1", closed, "postgres", "test");
        assertEquals(1, nothing.status());
        assertEquals("nothing that speaks PostgreSQL answers on 127.0.0.1:" + closed + "\n", nothing.stdout());

        Assumptions.assumeTrue(System.getenv("QR_TEST_DATABASE_URL") == null, "the tests use another PostgreSQL");
        Run in = probe("127.0.0.1", 5432, "postgres", "test");
        assertEquals(0, in.status(), in.stdout());
        assertEquals("", in.stdout());
        Run noDatabase = probe("127.0.0.1", 5432, "postgres", "qrly_no_such_database");
        assertEquals(1, noDatabase.status());
        assertEquals("it refuses user postgres in database qrly_no_such_database: database \"qrly_no_such_database\" does not exist\n",
                noDatabase.stdout());
    }
}
