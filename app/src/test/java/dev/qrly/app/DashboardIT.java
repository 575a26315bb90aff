package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.core.tenant.ApiKeys;
import dev.qrly.engine.Decoders;
import dev.qrly.engine.ExternalTools;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

/**
 * The dashboard end to end, in Debian's headless Chromium against the real service: sign in, create
 * a code with a vanity slug and see its preview, download the PNG and decode it, change the
 * destination and roll it back from the history, scan the code over HTTP and see the count on the
 * analytics page, deactivate it, and sign out. A label with markup in it is shown as text
 * everywhere, and no page logs a CSP violation or a script error.
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

    @Test
    void aTenantsDay_fromSignInToSignOut() throws Exception {
        try {
            tenantsDay();
        } catch (Throwable failure) {
            // what the page looked like and said when it went wrong
            browser.screenshot(Path.of("target", "dashboard-failure"), "failure");
            failure.addSuppressed(new AssertionError("console: " + browser.consoleErrors() + "\ntext: "
                    + browser.textOf("main")));
            throw failure;
        }
    }

    private void tenantsDay() throws Exception {
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
