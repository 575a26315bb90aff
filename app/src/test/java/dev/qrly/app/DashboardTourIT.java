package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.analytics.TestGeoDatabases;
import dev.qrly.core.tenant.ApiKeys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's pages with a few weeks of scans behind them, on a desktop and on a phone-sized
 * screen: each page renders without a console error, and nothing is wider than a phone. Along the
 * way it takes the screenshots the README shows: into {@code target/screenshots}, or into the
 * folder {@code QR_SCREENSHOTS_DIR} names ({@code bin/screenshots} sets it to {@code docs/screenshots}).
 */
class DashboardTourIT {

    private static final List<String> AGENTS = List.of(
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
            "Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
            "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
            "WhatsApp/2.23.20.0 A",
            "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)");
    /** Public addresses in a few countries (DB-IP places them there). */
    private static final List<String> ADDRESSES = List.of("8.8.8.8", "81.2.69.160", "129.132.1.1", "193.51.24.1",
            "133.11.0.1", "200.160.2.3", "203.2.218.214", "141.1.1.1");

    @TempDir
    static Path dir;
    static TestService service;
    static Browser browser;
    static Path shots;
    static String menuId;
    static String batchKey;
    static String batchId;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> env = Map.of("QR_TRUSTED_PROXIES", "127.0.0.1/32", "QR_GEOIP_DB", TestGeoDatabases.dbipCity().toString(),
                "QR_RATE_LIMIT_IP", "100000/1000");
        Instant now = Instant.now();
        MutableClock clock = new MutableClock(now.minus(Duration.ofDays(13)));
        service = new TestService(Files.createDirectories(dir.resolve("data")), env, clock, ApiKeys.generate(new SecureRandom()));
        String key = service.adminKey;
        String[][] codes = {
            {"https://example.com/menu", "menu", "Table tents — lunch menu", "restaurant"},
            {"https://example.com/wifi-help", "wifi", "Guest Wi-Fi card", "restaurant"},
            {"https://example.com/spring", null, "Spring poster, Main St", "spring-campaign"},
            {"https://example.com/badge", "badge-2026", "Conference badge", "events"},
            {"https://example.com/review", null, "Leave a review (receipt)", "restaurant"},
        };
        for (String[] c : codes) {
            JsonObject body = new JsonObject().put("destination", c[0]).put("label", c[2]).put("tags", new JsonArray().add(c[3]));
            if (c[1] != null) {
                body.put("slug", c[1]);
            }
            JsonObject made = service.createCode(key, body);
            if ("menu".equals(c[1])) {
                menuId = made.getString("id");
            }
        }
        service.patch("/api/v1/codes/" + menuId, key, new JsonObject().put("destination", "https://example.com/menu/autumn"));
        // two weeks of scans, more on weekends, from a few countries and devices
        Random random = new Random(7);
        int sent = 0;
        JsonArray listed = service.get("/api/v1/codes?limit=50", key).json().getJsonArray("items");
        for (int day = 0; day < 14; day++) {
            for (int i = 0; i < listed.size(); i++) {
                String slug = listed.getJsonObject(i).getString("slug");
                int scans = 2 + random.nextInt(6 + (4 - i) * 3) + (day % 7 >= 5 ? 6 : 0);
                sent += scans;
                for (int s = 0; s < scans; s++) {
                    String route = random.nextInt(5) == 0 ? "/r/" + slug.toLowerCase(java.util.Locale.ROOT) : "/R/" + slug.toUpperCase(java.util.Locale.ROOT);
                    service.send("GET", route, null, null, null, Map.of(
                            "User-Agent", AGENTS.get(random.nextInt(AGENTS.size())),
                            "X-Forwarded-For", ADDRESSES.get(random.nextInt(ADDRESSES.size())),
                            "Referer", random.nextInt(6) == 0 ? "https://www.instagram.com/" : ""));
                }
            }
            clock.advance(Duration.ofDays(1));
        }
        clock.set(now);
        // the pages show what has been counted: wait until every scan is
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < listed.size(); i++) {
            ids.append(i == 0 ? "" : ",").append(listed.getJsonObject(i).getString("id"));
        }
        int expected = sent;
        AnalyticsIT.poll(() -> service.get("/api/v1/stats/activity?ids=" + ids, key).json().getJsonObject("codes"), activity -> {
            long counted = 0;
            for (String id : activity.fieldNames()) {
                JsonObject total = activity.getJsonObject(id).getJsonObject("total");
                counted += total.getLong("humans") + total.getLong("bots");
            }
            return counted == expected;
        }, 30_000);
        // a batch of table tents, in a tenant of its own (its codes would crowd the list above), two
        // of whose rows fail: an address with a typo, a slug already taken
        batchKey = service.newTenant("Table tents");
        StringBuilder csv = new StringBuilder("destination,slug,label,tags\n");
        for (int table = 1; table <= 40; table++) {
            csv.append(table == 17 ? "htps://example.com/tables/17" : "https://example.com/tables/" + table).append(',')
                    .append(table == 29 ? "menu" : "").append(",Table tent ").append(table).append(",restaurant|tables\n");
        }
        TestService.Reply submitted = service.send("POST", "/api/v1/batches?formats=svg,png,pdf&sizes=300,1024", batchKey,
                "text/csv", csv.toString(), Map.of());
        assertEquals(202, submitted.status(), submitted.body());
        batchId = submitted.json().getString("id");
        AnalyticsIT.poll(() -> service.get("/api/v1/batches/" + batchId, batchKey).json(), b -> "done".equals(b.getString("status")),
                30_000);
        shots = System.getenv("QR_SCREENSHOTS_DIR") != null ? Path.of(System.getenv("QR_SCREENSHOTS_DIR"))
                : Path.of("target", "screenshots");
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
    void everyPage_rendersOnADesktopAndAPhone() {
        signIn(service.adminKey);
        for (boolean phone : new boolean[] {false, true}) {
            if (phone) {
                browser.resize(390, 844);
            } else {
                browser.resize(1280, 900);
            }
            String suffix = phone ? "-phone" : "";

            browser.open(service.base() + "/#/");
            browser.waitUntil("the codes are listed with their counts", () -> browser.all("table.codes tbody tr").size() == 5
                    && browser.all("svg.sparkline").size() == 5);
            long tableOverflow = ((Number) browser.script(
                    "const w = document.querySelector('.table-wrap'); return w.scrollWidth - w.clientWidth")).longValue();
            assertTrue(tableOverflow <= 0, "the codes table needs " + tableOverflow + " px more than the screen has");
            page("codes" + suffix, phone);

            browser.open(service.base() + "/#/codes/" + menuId);
            browser.visible("#code-image");
            browser.waitUntil("the history is shown", () -> browser.all("#history li").size() == 2);
            page("code" + suffix, phone);

            browser.open(service.base() + "/#/codes/" + menuId + "/analytics");
            browser.waitUntil("the scans are counted", () -> !"0".equals(browser.textOf("#kpi-total strong"))
                    && browser.textOf("#kpi-total strong") != null);
            browser.waitUntil("countries are listed", () -> !browser.all("#by-country tbody tr").isEmpty());
            page("analytics" + suffix, phone);

            browser.open(service.base() + "/#/analytics");
            browser.visible("#kpi-total");
            browser.waitUntil("the tenant's scans are counted", () -> browser.textOf("#kpi-total strong") != null
                    && !"0".equals(browser.textOf("#kpi-total strong")));
            page("tenant-analytics" + suffix, phone);

            browser.open(service.base() + "/#/new");
            browser.type("#f-destination", "https://example.com/autumn-menu");
            browser.type("#f-slug", "autumn");
            browser.type("#f-label", "Autumn menu");
            browser.waitUntil("the preview shows", () -> "true".equals(browser.find(".preview").getAttribute("data-ready")));
            page("new-code" + suffix, phone);

            browser.open(service.base() + "/#/static");
            browser.visible("#static-type");
            browser.find("#static-type").sendKeys("WiFi");
            browser.waitUntil("the WiFi form shows", () -> !browser.all("input[name='ssid']").isEmpty());
            browser.type("input[name='ssid']", "Cafe Guest");
            browser.type("input[name='password']", "espresso-2026");
            browser.waitUntil("the preview shows", () -> "true".equals(browser.find(".preview").getAttribute("data-ready")));
            page("static" + suffix, phone);
        }
        assertEquals(List.of(), browser.consoleErrors());
    }

    @Test
    void batchPages_renderOnADesktopAndAPhone() {
        signIn(batchKey);
        for (boolean phone : new boolean[] {false, true}) {
            browser.resize(phone ? 390 : 1280, phone ? 844 : 900);
            String suffix = phone ? "-phone" : "";

            browser.open(service.base() + "/#/batches");
            browser.visible("#batch-list tr[data-id='" + batchId + "']");
            page("batches" + suffix, phone);

            browser.open(service.base() + "/#/batches/" + batchId);
            browser.waitForText("#batch-summary", "Done: 38 codes made, 2 rows failed.");
            assertEquals(2, browser.all("#batch-errors tbody tr").size());
            long errorsOverflow = ((Number) browser.script(
                    "const w = document.querySelector('#batch-errors .table-wrap'); return w.scrollWidth - w.clientWidth")).longValue();
            assertTrue(errorsOverflow <= 0, "the errors table needs " + errorsOverflow + " px more than the screen has");
            page("batch" + suffix, phone);
        }
        assertEquals(List.of(), browser.consoleErrors());
    }

    /** Signs the browser in with this key, whoever was signed in before. */
    private static void signIn(String key) {
        browser.driver.manage().deleteAllCookies();
        browser.open(service.base() + "/");
        browser.type("#api-key", key);
        browser.click("#sign-in");
        browser.visible("#nav a[data-nav='codes']");
    }

    /**
     * Checks the page fits the screen, then takes its screenshot, the whole page's height, once no
     * toast (such as "Signed in") covers it and every chart has been drawn at its size.
     */
    private static void page(String name, boolean phone) {
        long overflow = ((Number) browser.script("return document.documentElement.scrollWidth - window.innerWidth")).longValue();
        assertTrue(overflow <= 0, name + " is " + overflow + " px wider than the screen");
        browser.scrollBar(false);
        browser.waitUntil("the toasts are gone from " + name, () -> browser.all("#toast .toast").isEmpty());
        browser.waitUntil("every chart of " + name + " is drawn at its size", () -> (Boolean) browser.script("""
                return [...document.querySelectorAll('canvas')].every((c) => {
                  const chart = window.Chart && Chart.getChart(c);
                  const box = c.parentElement.getBoundingClientRect();
                  return chart && Math.abs(chart.width - box.width) < 2 && Math.abs(chart.height - box.height) < 2;
                });"""));
        browser.fullPageScreenshot(shots, name);
        browser.scrollBar(true);
    }
}
