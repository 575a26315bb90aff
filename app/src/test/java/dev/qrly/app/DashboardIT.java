package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.core.tenant.ApiKeys;
import dev.qrly.engine.Decoders;
import dev.qrly.engine.ExternalTools;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

/**
 * The dashboard end to end, in Debian's headless Chromium against the real service: sign in, create
 * a code with a vanity slug and see its preview, download the PNG and decode it, change the
 * destination and roll it back from the history, scan the code over HTTP and see the count on the
 * analytics page, deactivate it, and sign out. A batch: upload a CSV with a few bad rows, follow it
 * to done, see the bad rows, download the ZIP and decode its images. A label with markup in it is
 * shown as text everywhere, and no page logs a CSP violation or a script error.
 */
class DashboardIT {

    private static final String PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
    private static final String WHATSAPP = "WhatsApp/2.23.20.0 A";
    private static final String HOSTILE_LABEL = "<script>alert('x')</script><img src=x onerror=alert(1)> Lunch menu";

    @TempDir
    static Path dir;
    static TestService service;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        // the browser's clock is the real one: the service's must agree for "today" and the ranges
        service = new TestService(Files.createDirectories(dir.resolve("data")), Map.of(),
                new MutableClock(Instant.now()), ApiKeys.generate(new SecureRandom()));
        browser = new Browser(Files.createDirectories(dir.resolve("browser")));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (service != null) {
            service.close();
        }
    }

    /** Each test signs in itself. */
    @BeforeEach
    void signedOut() {
        browser.driver.manage().deleteAllCookies(); // those of the page shown: the service's
        browser.open("about:blank"); // then a new page, since the last test's may hold a signed-in view
    }

    @Test
    void aTenantsDay_fromSignInToSignOut() throws Exception {
        explained("failure", DashboardIT::tenantsDay);
    }

    @Test
    void aBatch_fromUploadToZip() throws Exception {
        explained("batch-failure", DashboardIT::batch);
    }

    @Test
    void signedOutLoad_logsNoConsoleErrorAtAll() {
        browser.open(service.base() + "/");
        browser.visible("#api-key");
        browser.everyConsoleError(); // what earlier pages logged
        browser.driver.navigate().refresh();
        browser.visible("#api-key"); // shown once the service has said there is no session
        assertEquals("Not signed in", browser.textOf("#who"));
        assertEquals(List.of(), browser.everyConsoleError());
    }

    @Test
    void codesFilterRow_fitsAPhoneAndADesktop_cuttingNothing() {
        signInWith(service.adminKey);
        try {
            for (int width : new int[] {360, 390, 500, 700, 768, 1024, 1280}) {
                browser.resize(width, 844);
                browser.visible("#codes-sort");
                assertEquals(List.of(), browser.filterRowProblems(), "at " + width + " px");
            }
        } finally {
            browser.resize(1280, 900);
        }
    }

    @Test
    void aBatchWhoseEveryRowFailed_readsAsFailed_withItsErrors_andOffersNoZip() throws Exception {
        String key = service.newTenant("nothing made");
        TestService.Reply submitted = service.send("POST", "/api/v1/batches?formats=svg", key, "text/csv",
                "destination,slug\nnot a url,\nhttps://example.com/ok,bad slug\n", Map.of());
        assertEquals(202, submitted.status(), submitted.body());
        String id = submitted.json().getString("id");
        AnalyticsIT.poll(() -> service.get("/api/v1/batches/" + id, key).json(), b -> "done".equals(b.getString("status")), 30_000);
        signInWith(key);
        explained("batch-all-failed", () -> {
            browser.open(service.base() + "/#/batches/" + id);
            browser.waitForText("#batch-summary", "Failed: no codes made; all 2 rows failed (see why below).");
            assertEquals("Failed", browser.textOf(".page-head .badge"));
            assertTrue(browser.find("#batch-summary").getAttribute("class").contains("error"));
            assertEquals(List.of("1", "2"), browser.all("#batch-errors tbody tr").stream().map(tr -> tr.getAttribute("data-row")).toList());
            assertTrue(browser.all("#batch-download").isEmpty(), "no ZIP to download: it would hold no image");

            browser.click("a[data-nav='batches']");
            browser.visible("#batch-list tr[data-id='" + id + "']");
            assertEquals("Failed", browser.textOf("#batch-list tr[data-id='" + id + "'] .badge"));
            assertTrue(browser.all("#batch-list tr[data-id='" + id + "'] .zip-link").isEmpty());
            assertEquals(List.of(), browser.consoleErrors());
        });
    }

    /** Signs in through the form with this key; the codes page opens. */
    private static void signInWith(String key) {
        browser.open(service.base() + "/#/");
        browser.type("#api-key", key);
        browser.find("#api-key").sendKeys(Keys.ENTER);
        browser.visible("#new-code");
    }

    private interface Steps {
        void run() throws Exception;
    }

    /** Runs the steps; on a failure, adds what the page looked like and said when it went wrong. */
    private static void explained(String screenshot, Steps steps) throws Exception {
        try {
            steps.run();
        } catch (Throwable failure) {
            browser.screenshot(Path.of("target", "dashboard-failure"), screenshot);
            failure.addSuppressed(new AssertionError("console: " + browser.consoleErrors() + "\ntext: "
                    + browser.textOf("main")));
            throw failure;
        }
    }

    private static void tenantsDay() throws Exception {
        browser.open(service.base() + "/");

        // a wrong key is refused next to the field; the right one, typed and entered, signs in
        browser.type("#api-key", "qrly_aaaaaaaa_" + "b".repeat(32));
        browser.click("#sign-in");
        browser.waitUntil("the wrong key is refused inline", () -> browser.find("#api-key-error").isDisplayed());
        assertEquals("true", browser.find("#api-key").getAttribute("aria-invalid"));
        browser.type("#api-key", service.adminKey);
        browser.find("#api-key").sendKeys(Keys.ENTER);
        browser.visible("#new-code");
        assertTrue(browser.textOf("#who").contains("default"), browser.textOf("#who"));

        // the session cookie is out of the page's reach and is not sent along by other sites
        assertEquals("", browser.script("return document.cookie"));
        var cookie = browser.driver.manage().getCookieNamed("qrly_session");
        assertNotNull(cookie);
        assertTrue(cookie.isHttpOnly());
        assertEquals("Strict", cookie.getSameSite());

        // create a code with a vanity slug: the preview shows the exact encoded URL as it is typed
        browser.click("#new-code");
        browser.type("#f-destination", "https://example.com/menu");
        browser.type("#f-slug", "lunch-e2e");
        browser.type("#f-label", HOSTILE_LABEL);
        browser.type("#f-tags", "spring, e2e");
        String encoded = (service.base() + "/R/LUNCH-E2E").toUpperCase(java.util.Locale.ROOT);
        browser.waitForText("#preview-encoded", encoded);
        browser.waitUntil("the preview shows an image", () -> previewShown());
        String firstPreview = browser.find("#preview-image").getAttribute("src");
        browser.find("#f-ecl").sendKeys("H");
        browser.waitUntil("the preview follows the error correction", () -> previewShown()
                && !firstPreview.equals(browser.find("#preview-image").getAttribute("src")));

        // the API's field errors show inline: a destination that is not a URL
        browser.type("#f-destination", "not a url");
        browser.click("#create-code");
        browser.waitUntil("the bad destination is named", () -> browser.find("#f-destination-error").isDisplayed());
        browser.type("#f-destination", "https://example.com/menu");
        browser.click("#create-code");

        // the code page: the label is text, not markup
        browser.waitForText("#code-title", HOSTILE_LABEL);
        assertNoInjectedMarkup();
        String id = browser.driver.getCurrentUrl().replaceAll(".*#/codes/", "");
        JsonObject code = service.get("/api/v1/codes/" + id, service.adminKey).json();
        assertEquals("lunch-e2e", code.getString("slug"));
        assertEquals(encoded, code.getString("encoded"));
        assertEquals("H", code.getString("errorCorrection"));

        // download the PNG through the browser; two decoders read it back
        browser.click("#download-png-600");
        Path png = browser.downloaded("-600.png");
        assertEquals(encoded, Decoders.zxing(Decoders.png(Files.readAllBytes(png))).getText());
        assertEquals(600, Decoders.png(Files.readAllBytes(png)).getWidth());
        assertEquals(encoded, ExternalTools.zbar(png));

        // change the destination: the history shows both; restore the first with one click
        browser.type("#f-destination", "https://example.com/dinner");
        browser.click("#save-destination");
        browser.waitUntil("the history has two entries", () -> browser.all("#history li").size() == 2);
        assertEquals("https://example.com/dinner", browser.all("#history .history-destination").get(0).getText());
        assertEquals(302, service.scan("/r/lunch-e2e").status());
        assertEquals("https://example.com/dinner", service.scan("/r/lunch-e2e").header("Location"));
        browser.click("#history li:nth-child(2) .rollback");
        browser.waitUntil("the rollback is recorded", () -> browser.all("#history li").size() == 3);
        assertEquals("https://example.com/menu", service.scan("/r/lunch-e2e").header("Location"));

        // scans over HTTP: two phone scans of the printed code and a link preview; the analytics page counts them
        service.send("GET", "/R/LUNCH-E2E", null, null, null, Map.of("User-Agent", PHONE));
        service.send("GET", "/R/LUNCH-E2E", null, null, null, Map.of("User-Agent", PHONE));
        service.send("GET", "/r/lunch-e2e", null, null, null, Map.of("User-Agent", WHATSAPP));
        browser.click("#open-analytics");
        awaitKpi("#kpi-humans", "2");
        assertTrue(browser.textOf("#bots-note").contains("every breakdown below count human scans only, except Bots"),
                browser.textOf("#bots-note"));
        // the link preview is a bot, counted apart, by name; so are this test's own HTTP client's scans
        assertEquals("1", browser.find("#by-bot tr[data-key='WhatsApp'] [data-value]").getAttribute("data-value"));
        assertTrue(Long.parseLong(kpi("#kpi-bots")) >= 1, kpi("#kpi-bots"));
        WebElement export = browser.find("#export-csv");
        assertTrue(export.getAttribute("href").contains("/api/v1/codes/" + id + "/scans"), export.getAttribute("href"));
        assertNoInjectedMarkup();

        // the list shows the code with its label as text and today's scans
        browser.open(service.base() + "/#/");
        browser.waitUntil("the code is listed", () -> !browser.all("tr[data-id='" + id + "']").isEmpty());
        assertEquals(HOSTILE_LABEL, browser.find("tr[data-id='" + id + "'] .code-label").getText());
        assertNoInjectedMarkup();

        // deactivate: the page says so and the printed code answers 410
        browser.open(service.base() + "/#/codes/" + id);
        browser.click("#deactivate");
        browser.waitForText(".page-head .badge", "Deactivated");
        assertEquals(410, service.scan("/r/lunch-e2e").status());
        browser.click("#reactivate");
        browser.waitForText(".page-head .badge", "Active");
        assertEquals(302, service.scan("/r/lunch-e2e").status());

        // a static WiFi code: the form for the type, a preview, and a PNG whose content is the network's
        browser.click("a[data-nav='static']");
        browser.visible("#static-type").sendKeys("WiFi");
        browser.type("input[name='ssid']", "Cafe <Guest>");
        browser.type("input[name='password']", "espresso;2026");
        browser.waitUntil("the static preview shows", () -> previewShown());
        browser.type("#static-size", "300");
        browser.click("#static-download");
        Path wifi = browser.downloaded("qr-wifi-300.png");
        assertEquals("WIFI:T:WPA;S:Cafe <Guest>;P:espresso\\;2026;;", Decoders.zxing(Decoders.png(Files.readAllBytes(wifi))).getText());

        // sign out: the sign-in form is back, and the cookie no longer opens the API
        browser.click("#sign-out");
        browser.visible("#api-key");
        browser.open(service.base() + "/#/codes/" + id);
        browser.visible("#api-key");
        assertEquals(List.of(), browser.consoleErrors());
    }

    private static void batch() throws Exception {
        String key = service.newTenant("batches");
        browser.open(service.base() + "/#/batches");
        browser.type("#api-key", key);
        browser.find("#api-key").sendKeys(Keys.ENTER);
        browser.visible("#batch-form");
        browser.waitForText("#batch-list .empty", "No batches yet: upload a CSV file to make the first.");
        assertEquals("page", browser.find("a[data-nav='batches']").getAttribute("aria-current"));

        // a file the service cannot read as a batch: its reason shows beside the file input
        Path unknownColumn = Files.writeString(dir.resolve("colours.csv"), "destination,colour\nhttps://example.com/,red\n");
        browser.visible("#batch-file").sendKeys(unknownColumn.toString());
        browser.click("#batch-submit");
        browser.waitUntil("the CSV error is beside the file input", () -> browser.find("#batch-file-error").isDisplayed());
        assertTrue(browser.textOf("#batch-file-error").contains("unknown column 'colour'"), browser.textOf("#batch-file-error"));
        assertEquals("true", browser.find("#batch-file").getAttribute("aria-invalid"));

        // 25 rows, three of them bad: an address that is not one, a slug twice in the file, a slug with a space
        StringBuilder csv = new StringBuilder("destination,slug,label,tags\n");
        for (int row = 1; row <= 25; row++) {
            String destination = row == 7 ? "not a url" : "https://example.com/batch/" + row;
            String slug = row == 12 ? "batch-e2e-3" : row == 18 ? "bad slug" : row % 3 == 0 ? "batch-e2e-" + row : "";
            String label = row == 5 ? HOSTILE_LABEL : "Table " + row + ", terrace";
            csv.append(String.join(",", destination, slug, quoted(label), "print|e2e")).append('\n');
        }
        Path file = Files.writeString(dir.resolve("tables.csv"), csv);
        browser.find("#batch-file").sendKeys(file.toString());
        browser.find("#f-ecl").sendKeys("Q");
        browser.type("#batch-tags", "terrace");
        browser.click("#batch-submit");

        // the batch's own page follows it to done, focused on its heading
        browser.waitUntil("the batch page opens", () -> browser.driver.getCurrentUrl().matches(".*#/batches/[A-Z0-9]+$"));
        String id = browser.driver.getCurrentUrl().replaceAll(".*#/batches/", "");
        browser.waitForText("#batch-summary", "Done: 22 codes made, 3 rows failed.");
        assertEquals("batch-title", browser.script("return document.activeElement.id"));
        assertEquals("25", browser.find("#batch-progress").getAttribute("value"));
        assertEquals("25", browser.find("#batch-progress").getAttribute("max"));
        assertEquals("Done: 22 codes made, 3 rows failed.", browser.find("#batch-spoken").getAttribute("textContent"));
        assertEquals("status", browser.find("#batch-spoken").getAttribute("role"));
        JsonObject batch = service.get("/api/v1/batches/" + id, key).json();
        assertEquals("Q", batch.getString("errorCorrection"));

        // the bad rows, by row, line and field
        List<WebElement> failed = browser.all("#batch-errors tbody tr");
        assertEquals(List.of("7", "12", "18"), failed.stream().map(tr -> tr.getAttribute("data-row")).toList());
        assertEquals(List.of("7", "8", "destination"), cells("7").subList(0, 3));
        assertEquals(List.of("12", "13", "slug"), cells("12").subList(0, 3));
        assertTrue(cells("12").get(3).contains("row 3"), cells("12").get(3));
        assertEquals(List.of("18", "19", "slug"), cells("18").subList(0, 3));
        assertNoInjectedMarkup();

        // the ZIP through the browser: the manifest has a line per row, and every PNG reads as its code
        browser.click("#batch-download");
        Path zip = browser.downloaded(".zip");
        Map<String, byte[]> entries = BatchArchives.unzip(zip);
        List<CSVRecord> manifest = BatchArchives.manifest(entries);
        assertEquals(25, manifest.size());
        int pngs = 0;
        for (int i = 0; i < manifest.size(); i++) {
            CSVRecord line = manifest.get(i);
            int row = i + 1;
            assertEquals(Integer.toString(row), line.get("row"));
            if (row == 7 || row == 12 || row == 18) {
                assertFalse(line.get("error").isEmpty(), "row " + row + " names its error");
                assertEquals("", line.get("id"));
                continue;
            }
            List<String> files = List.of(line.get("files").split(" "));
            assertEquals(2, files.size(), files.toString());
            assertTrue(files.stream().anyMatch(f -> f.endsWith(".svg") && entries.containsKey(f)), files.toString());
            String png = files.stream().filter(f -> f.endsWith("-300px.png")).findFirst().orElseThrow();
            assertEquals(line.get("encoded"), zxing(entries.get(png)), png);
            pngs++;
        }
        assertEquals(22, pngs);
        CSVRecord third = manifest.get(2);
        assertEquals((service.base() + "/R/BATCH-E2E-3").toUpperCase(java.util.Locale.ROOT), third.get("encoded"));
        Path png = Files.write(dir.resolve("third.png"), entries.get(third.get("files").split(" ")[1]));
        assertEquals(third.get("encoded"), ExternalTools.zbar(png));

        // a code of the batch redirects, with the batch's tags on it
        assertEquals(302, service.scan(URI.create(third.get("shortUrl")).getPath()).status());
        assertEquals("https://example.com/batch/3", service.scan(URI.create(third.get("shortUrl")).getPath()).header("Location"));
        JsonObject code = service.get("/api/v1/codes/" + third.get("id"), key).json();
        assertEquals(List.of("print", "e2e", "terrace"), code.getJsonArray("tags").getList());

        // the list of batches links to it and to its ZIP; the codes list shows the label with markup as text
        browser.click("a[data-nav='batches']");
        browser.visible("#batch-list tr[data-id='" + id + "']");
        assertEquals("Done with errors", browser.textOf("#batch-list tr[data-id='" + id + "'] .badge"), "3 of its rows failed");
        assertTrue(browser.find("#batch-list tr[data-id='" + id + "'] .zip-link").getAttribute("href")
                .endsWith("/api/v1/batches/" + id + "/archive.zip"));
        browser.click("#batch-list tr[data-id='" + id + "'] .batch-link");
        browser.waitForText("#batch-summary", "Done: 22 codes made, 3 rows failed.");
        String hostile = manifest.get(4).get("id");
        browser.open(service.base() + "/#/");
        browser.visible("tr[data-id='" + hostile + "']");
        assertEquals(HOSTILE_LABEL, browser.find("tr[data-id='" + hostile + "'] .code-label").getText());
        assertNoInjectedMarkup();

        // the example CSV, downloaded from the form, is a batch as it is
        browser.click("a[data-nav='batches']");
        browser.click("#batch-example");
        Path example = browser.downloaded("qrly-batch-example.csv");
        browser.visible("#batch-file").sendKeys(example.toString());
        browser.click("#batch-submit");
        browser.waitForText("#batch-summary", "Done: 4 codes made, 0 rows failed.");
        assertTrue(browser.all("#batch-errors table").isEmpty());

        browser.click("#sign-out");
        browser.visible("#api-key");
        assertEquals(List.of(), browser.consoleErrors());
    }

    /** What ZXing reads in a PNG of one code ({@link Decoders#zxingClean}), checked against zbar. */
    private static String zxing(byte[] png) throws Exception {
        String text = Decoders.zxingClean(Decoders.png(png)).getText();
        assertEquals(text, ExternalTools.zbar(Files.write(dir.resolve("batch-code.png"), png)), "zbar reads what ZXing read");
        return text;
    }

    /** The texts of the cells of a row of the batch's errors table. */
    private static List<String> cells(String row) {
        return browser.all("#batch-errors tr[data-row='" + row + "'] td").stream().map(td -> td.getText().strip()).toList();
    }

    /** A CSV cell in quotes, with its quotes doubled. */
    private static String quoted(String value) {
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private static boolean previewShown() {
        WebElement image = browser.find("#preview-image");
        return image.isDisplayed() && image.getAttribute("src") != null && image.getAttribute("src").startsWith("blob:")
                && ((Number) browser.script("return arguments[0].naturalWidth", image)).intValue() > 0;
    }

    private static String kpi(String css) {
        return browser.textOf(css + " strong");
    }

    /** Waits for a KPI, reloading the page while the scans are still on their way through the pipeline. */
    private static void awaitKpi(String css, String value) {
        browser.visible(css);
        long deadline = System.nanoTime() + Browser.PATIENCE.toNanos();
        while (!value.equals(kpi(css)) && System.nanoTime() < deadline) {
            browser.driver.navigate().refresh();
            browser.visible(css);
        }
        assertEquals(value, kpi(css));
    }

    /** The page holds no element a label could have injected, and no alert opened. */
    private static void assertNoInjectedMarkup() {
        assertTrue(browser.all("main script, main img[src='x']").isEmpty(), "markup from a label was parsed");
        try {
            browser.driver.switchTo().alert();
            throw new AssertionError("an alert opened: a label ran as script");
        } catch (NoAlertPresentException expected) {
            // good
        }
        assertFalse(browser.driver.getPageSource().contains("<script>alert("), "a label reached the DOM as markup");
    }
}
