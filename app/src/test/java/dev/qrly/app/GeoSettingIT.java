package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the service finds its geo database, and what it says when the setting is wrong. */
class GeoSettingIT {

    @TempDir
    Path dir;

    @Test
    void geoipDb_pointingAtNothing_stopsTheStartWithOneLineNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TestService(dir, Map.of("QR_GEOIP_DB", dir.resolve("missing.mmdb").toString())).close());
        assertTrue(e.getMessage().startsWith("QR_GEOIP_DB: "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void noDatabase_startsAndSaysSo() {
        try (TestService service = new TestService(dir, Map.of())) {
            assertTrue(service.output.toString(StandardCharsets.UTF_8).contains("geo database:   none"),
                    service.output.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void serveCommand_badGeoSetting_exitsWithOneLine() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ServeCommand.run(new String[0], Map.of("QR_DATA_DIR", dir.toString(), "QR_PORT", "0", "QR_HOST", "127.0.0.1",
                "QR_GEOIP_DB", dir.resolve("nothing-here").toString()), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String printed = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, code);
        assertTrue(printed.startsWith("qr serve: QR_GEOIP_DB: "), printed);
        assertEquals(1, printed.strip().lines().count(), printed);
    }
}
