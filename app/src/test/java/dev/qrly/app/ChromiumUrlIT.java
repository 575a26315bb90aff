package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.core.DomainException;
import dev.qrly.core.code.DestinationUrlTable;
import dev.qrly.core.code.DestinationUrlTable.Row;
import dev.qrly.core.code.Destinations;
import dev.qrly.core.code.WebUrl;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 ("links that disguise themselves"): the destination URL table read by Debian's Chromium
 * itself ({@code new URL(input)}), so that the host we check is the host a phone's browser contacts.
 *
 * <p>Two things must hold: every destination {@link Destinations} accepts, Chromium reads with the
 * same host as ours and no user name or password; and Chromium reads every URL of the table as the
 * table says, the standard's reading unless its {@code chromium} column records another (so a new
 * difference fails the test, and so does one Chromium no longer makes; the core test makes sure
 * Destinations refuses every URL Chromium reads otherwise than the standard).
 *
 * <p>A missing browser fails the test (it is not skipped), as in DashboardIT.
 */
class ChromiumUrlIT {

    @TempDir
    static Path dir;
    static Browser browser;

    @BeforeAll
    static void start() {
        browser = new Browser(dir);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void everyTableUrl_isReadByChromiumAsWeReadIt() {
        List<Row> rows = DestinationUrlTable.load();
        List<String> inputs = rows.stream().map(Row::input).toList();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> read = (List<Map<String, Object>>) browser.script("""
                return arguments[0].map(input => {
                  try {
                    const u = new URL(input);
                    return {ok: true, href: u.href, hostname: u.hostname, username: u.username, password: u.password};
                  } catch (e) {
                    return {ok: false};
                  }
                });""", inputs);
        assertEquals(rows.size(), read.size());
        Destinations destinations = new Destinations(DestinationUrlTable.DENIED);
        List<String> acceptedButDifferent = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            Map<String, Object> chromium = read.get(i);
            boolean parsed = Boolean.TRUE.equals(chromium.get("ok"));
            String theirs = parsed ? chromium.get("hostname") + "|" + chromium.get("username") + "|" + chromium.get("password")
                    : "failure";
            String expected = row.chromium() != null ? row.chromium() : row.standardReading();
            if (!expected.equals(theirs)) {
                unexpected.add(row + ": the table says " + expected + " (standard " + row.standardReading() + "), Chromium reads "
                        + theirs);
            }
            try {
                String stored = destinations.check(row.input());
                String contacted = WebUrl.parse(stored).host().serialised();
                String chromiumHost = String.valueOf(chromium.get("hostname")).replaceAll("\\.+$", "");
                if (!parsed || !chromiumHost.equals(contacted) || !"".equals(chromium.get("username"))
                        || !"".equals(chromium.get("password"))) {
                    acceptedButDifferent.add(row + ": we store " + stored + ", Chromium reads " + theirs);
                }
            } catch (DomainException refused) {
                // refused: nothing reaches a browser
            }
        }
        assertAll(
                () -> assertTrue(acceptedButDifferent.isEmpty(), () -> "accepted destinations Chromium reads otherwise:\n"
                        + String.join("\n", acceptedButDifferent)),
                () -> assertTrue(unexpected.isEmpty(), () -> "Chromium reads these otherwise than the table says:\n"
                        + String.join("\n", unexpected)));
    }
}
