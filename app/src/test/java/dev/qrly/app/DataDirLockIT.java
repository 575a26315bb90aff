package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.core.tenant.ApiKeys;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One {@code qr serve} a data folder: a second is refused with a line naming the first; a killed one leaves no lock behind. */
class DataDirLockIT {

    @TempDir
    Path dir;

    @Test
    void secondServe_onTheSameDataFolder_isRefusedNamingTheFirst_andKill9LeavesNoStaleLock() throws Exception {
        Path data = dir.resolve("data");
        String key = ApiKeys.generate(new SecureRandom());
        ServeProcess first = ServeProcess.start(ServeProcess.env(TestService.freePort(), data, key), dir.resolve("first.out"));
        ServeProcess third = null;
        try {
            long pid = first.javaPid();
            Map<String, String> env = ServeProcess.env(TestService.freePort(), data, key);
            Process second = ServeProcess.launch(env, dir.resolve("second.out"), "serve");
            assertTrue(second.waitFor(120, TimeUnit.SECONDS), "the second serve did not stop");
            String said = java.nio.file.Files.readString(dir.resolve("second.out")).strip();

            assertEquals(2, second.exitValue(), said);
            assertEquals(1, said.lines().count(), said);
            assertTrue(said.startsWith("qr serve: another qrly process (pid " + pid + ", started "), said);
            assertTrue(said.contains(data.toString()), said);
            assertEquals(200, first.get("/healthz", null).statusCode(), "the first goes on");

            new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
            first.process.waitFor(30, TimeUnit.SECONDS);
            third = ServeProcess.start(env, dir.resolve("third.out"));
            assertEquals(200, third.get("/healthz", null).statusCode());
        } finally {
            first.close();
            if (third != null) {
                third.close();
            }
        }
    }
}
