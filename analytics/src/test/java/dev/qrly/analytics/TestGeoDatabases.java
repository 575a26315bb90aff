package dev.qrly.analytics;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the integration tests find the real geo databases that {@code bin/fetch-geoip} fetches.
 *
 * <p>In order: the system property that the analytics pom sets from the environment variable
 * ({@code QR_TEST_GEOIP_DIR}, {@code QR_TEST_GEOIP_MAXMIND}), then the script's cache, so that a
 * developer who once ran {@code bin/fetch-geoip --print-dir} needs nothing more. When there is none,
 * the tests fail on CI (which must have fetched them) and are skipped elsewhere, with the command
 * that fetches them.
 */
public final class TestGeoDatabases {

    private TestGeoDatabases() {}

    /** The directory of the DB-IP city package (an IPv4 and an IPv6 file). */
    public static Path dbipCity() {
        return find("qrly.test.geoip.dir", "QR_TEST_GEOIP_DIR", "dbip-city", "bin/fetch-geoip --print-dir");
    }

    /** The directory holding MaxMind's GeoLite2-City.mmdb of December 2019, in MaxMind's own schema. */
    public static Path geolite2City2019() {
        return find("qrly.test.geoip.maxmind", "QR_TEST_GEOIP_MAXMIND", "geolite2-city-2019",
                "bin/fetch-geoip --source geolite2-city-2019 --print-dir");
    }

    private static Path find(String property, String variable, String source, String command) {
        String set = System.getProperty(property);
        if (set == null || set.isBlank() || set.startsWith("${")) {
            set = System.getenv(variable);
        }
        if (set != null && !set.isBlank()) {
            Path path = Path.of(set.strip());
            if (!Files.exists(path)) {
                fail("the geo database for the tests is not at " + set + " (" + variable + " or -D" + property + "); run " + command);
            }
            return path;
        }
        Path cached = newestCached(source);
        if (cached != null) {
            return cached;
        }
        String message = "no " + source + " geo database for this test: run " + command
                + " (needs npm; fetches it once into ~/.cache/qrly/geoip) or set " + variable;
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
            fail(message);
        }
        System.err.println("SKIPPED: " + message);
        Assumptions.abort(message);
        return null;
    }

    private static Path newestCached(String source) {
        String root = System.getenv("QRLY_GEOIP_CACHE");
        Path dir;
        if (root != null && !root.isBlank()) {
            dir = Path.of(root, source);
        } else {
            String xdg = System.getenv("XDG_CACHE_HOME");
            Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
            dir = cache.resolve("qrly").resolve("geoip").resolve(source);
        }
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(dir)) {
            return versions.filter(v -> Files.isRegularFile(v.resolve("SOURCE")))
                    .max(Comparator.comparing(Path::getFileName))
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }
}
