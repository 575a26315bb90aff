package dev.qrly.core.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.core.DomainException;
import dev.qrly.core.code.DestinationUrlTable.Row;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 14 ("links that disguise themselves"): every URL of the shared table, read by {@link WebUrl}
 * as the URL standard says and judged by {@link Destinations}. The expected values of the wpt rows are
 * web-platform-tests' own; ChromiumUrlIT (app) checks the same table against Chromium.
 */
class DestinationUrlTableTest {

    private static final List<Row> ROWS = DestinationUrlTable.load();
    private static final Map<String, String> REASONS = Map.of(
            "whitespace", "spaces or control characters",
            "scheme", "http or https URL",
            "invalid", "not a URL a browser would open",
            "userinfo", "user name or password",
            "slashes", "exactly two slashes",
            "backslash", "backslash",
            "nohost", "needs a host",
            "hostchars", "characters no internet host name has",
            "denied", "not allowed on this service");

    /**
     * Where our parser knowingly reads otherwise than the standard. ICU's UTS 46 refuses this name by
     * its Bidi check, and so does Chromium, which uses ICU too: a browser will not open it.
     */
    private static final Map<String, String> DEVIATIONS = Map.of("https://1.\u064A/x", "failure");

    private final Destinations destinations = new Destinations(DestinationUrlTable.DENIED);

    static Stream<Row> rows() {
        return ROWS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void check_refusesWhereverChromiumDepartsFromTheStandard(Row row) {
        if (row.chromium() != null) {
            assertThrows(DomainException.class, () -> destinations.check(row.input()),
                    "Chromium reads it otherwise than the standard, so it must not reach a phone");
        }
    }

    @Test
    void table_holdsAtLeastAHundredPublicSuiteUrls() {
        long fromSuites = ROWS.stream().filter(r -> r.source().startsWith("wpt-")).count();
        assertTrue(fromSuites >= 100, fromSuites + " rows from web-platform-tests");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void parse_readsWhatTheStandardReads(Row row) {
        if (!row.webScheme()) {
            assertThrows(WebUrl.InvalidUrlException.class, () -> WebUrl.parse(row.input()), "not a web URL");
            return;
        }
        if (DEVIATIONS.containsKey(row.input())) {
            assertEquals(DEVIATIONS.get(row.input()), row.chromium(), "a deviation from the standard must be Chromium's");
            assertThrows(WebUrl.InvalidUrlException.class, () -> WebUrl.parse(row.input()));
            return;
        }
        if (row.standardRefuses()) {
            WebUrl.InvalidUrlException e = assertThrows(WebUrl.InvalidUrlException.class, () -> WebUrl.parse(row.input()),
                    () -> "the standard refuses it, we read " + WebUrl.parse(row.input()));
            assertTrue(!e.getMessage().isBlank());
            return;
        }
        WebUrl url = WebUrl.parse(row.input());
        assertEquals(row.href(), url.href(), "href");
        assertEquals(row.hostname(), url.host().serialised(), "hostname");
        assertEquals(row.username(), url.username(), "username");
        assertEquals(row.password(), url.password(), "password");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void check_decidesAsTheTableSays(Row row) {
        if (row.decision().equals("accept")) {
            String host = row.hostname();
            String stored = row.href().replace("://" + host, "://" + host.replaceAll("\\.+$", ""));
            assertEquals(stored, destinations.check(row.input()));
            return;
        }
        String reason = REASONS.get(row.decision());
        assertTrue(reason != null, "unknown decision " + row.decision());
        DomainException e = assertThrows(DomainException.class, () -> destinations.check(row.input()),
                () -> "should be refused (" + row.decision() + "), but was accepted as " + destinations.check(row.input()));
        assertEquals("destination", e.field());
        assertTrue(e.getMessage().contains(reason), () -> "refused for another reason than " + row.decision() + ": " + e.getMessage());
    }
}
