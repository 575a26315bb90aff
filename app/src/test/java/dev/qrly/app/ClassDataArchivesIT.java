package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a build, {@code ./qr} writes each command's class-data archive (bin/cds.sh), so that a
 * first {@code qr serve} maps it and its first stop writes nothing: the JVM used to write the
 * archive as the service exited, a stop of about 11 s that looked hung.
 */
class ClassDataArchivesIT {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    @TempDir
    Path dir;

    @Test
    void archivesAreWrittenAfterTheBuild_andAFirstServeStopLeavesItsArchiveAsItWas() throws Exception {
        Path jar = Files.copy(ROOT.resolve("app/target/qrly.jar"), dir.resolve("qrly.jar"));
        Process train = new ProcessBuilder("bash", "-c", ". bin/jdk.sh && qrly_find_jdk && . bin/cds.sh && qrly_cds_train \"$1\"",
                "train", jar.toString()).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("train.log").toFile()).start();
        assertTrue(train.waitFor(5, TimeUnit.MINUTES), "the archives took too long");
        assertEquals(0, train.exitValue(), Files.readString(dir.resolve("train.log")));
        for (String command : List.of("help", "generate", "batch", "serve")) {
            Path archive = dir.resolve("qrly-" + command + ".jsa");
            assertTrue(Files.size(archive) > 0, archive + " is written");
        }
        Path serveArchive = dir.resolve("qrly-serve.jsa");
        assertTrue(Files.size(serveArchive) > 4 * Files.size(dir.resolve("qrly-help.jsa")), "the service's archive holds its classes");
        FileTime written = Files.getLastModifiedTime(serveArchive);
        long size = Files.size(serveArchive);

        // the service as ./qr runs it, started and stopped as Ctrl-C would
        Path log = dir.resolve("serve.log");
        ProcessBuilder serve = new ProcessBuilder("bash", "-c", ". bin/jdk.sh && qrly_find_jdk && qrly_cds_flags \"$1\" serve && "
                + "exec \"$JAVA_HOME/bin/java\" \"${QRLY_JVM_FLAGS[@]}\" -jar \"$1\" serve", "serve", jar.toString())
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        serve.environment().put("QR_DATA_DIR", dir.resolve("data").toString());
        serve.environment().put("QR_HOST", "127.0.0.1");
        serve.environment().put("QR_PORT", "0");
        Process service = serve.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (!Files.readString(log).contains("qrly listening on") && service.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(Files.readString(log).contains("qrly listening on"), Files.readString(log));
        } finally {
            service.destroy();
            assertTrue(service.waitFor(2, TimeUnit.MINUTES), "the service did not stop");
        }
        assertTrue(Files.readString(log).contains("qrly stopped:"), Files.readString(log));
        assertEquals(written, Files.getLastModifiedTime(serveArchive), "the first stop wrote no archive");
        assertEquals(size, Files.size(serveArchive));
    }
}
