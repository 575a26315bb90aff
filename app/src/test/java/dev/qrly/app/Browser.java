package dev.qrly.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Test support: Debian's headless Chromium, driven through Debian's chromedriver by Selenium, with
 * nothing downloaded. Each browser has a fresh profile, download folder, HOME and TMPDIR under a
 * temporary directory, and may resolve no host but 127.0.0.1.
 *
 * <p>A missing browser fails the test (it is not skipped): {@code .ci/run} installs
 * {@code chromium} and {@code chromium-driver}.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("QR_TEST_CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("QR_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"));
    static final Duration PATIENCE = Duration.ofSeconds(15);

    final ChromeDriver driver;
    final Path downloads;
    private final WebDriverWait wait;

    Browser(Path scratch) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new AssertionError("the dashboard tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", "
                    + CHROMEDRIVER + "): apt-get install chromium chromium-driver");
        }
        try {
            Path home = Files.createDirectories(scratch.resolve("home"));
            Path profile = Files.createDirectories(scratch.resolve("profile"));
            downloads = Files.createDirectories(scratch.resolve("downloads"));
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                    "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-quic",
                    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1", "--user-data-dir=" + profile,
                    "--window-size=1280,900", "--lang=en-US", "--force-device-scale-factor=1");
            options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                    "download.prompt_for_download", false, "safebrowsing.enabled", false));
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort().withEnvironment(Map.of("HOME", home.toString(), "TMPDIR", home.toString()))
                    .build();
            driver = new ChromeDriver(service, options);
            wait = new WebDriverWait(driver, PATIENCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Waits until an element matching the selector is visible, and returns it. */
    WebElement visible(String css) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /** Waits until the element's text is exactly this. */
    void waitForText(String css, String text) {
        new WebDriverWait(driver, PATIENCE).withMessage(() -> css + " never read '" + text + "'")
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> text.equals(textOf(css)));
    }

    /** Waits until a condition on the page holds. */
    void waitUntil(String what, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(driver, PATIENCE).withMessage(what)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> condition.getAsBoolean());
    }

    String textOf(String css) {
        List<WebElement> found = all(css);
        return found.isEmpty() ? null : found.get(0).getText().strip();
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Replaces an input's value as a user typing would. */
    void type(String css, String text) {
        WebElement input = visible(css);
        input.clear();
        input.sendKeys(text);
    }

    /** Clicks the element once it is there and enabled; a page that redraws it meanwhile is waited out. */
    void click(String css) {
        new WebDriverWait(driver, PATIENCE).withMessage("cannot click " + css)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.ElementClickInterceptedException.class)
                .until(d -> {
                    WebElement element = d.findElement(By.cssSelector(css));
                    if (!element.isDisplayed() || !element.isEnabled()) {
                        return false;
                    }
                    element.click();
                    return true;
                });
    }

    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Waits for a download that is complete (no .crdownload left) and whose name ends so. */
    Path downloaded(String suffix) {
        Path[] found = new Path[1];
        new WebDriverWait(driver, PATIENCE).withMessage("no download ending in " + suffix + " arrived in " + downloads).until(d -> {
            try (Stream<Path> files = Files.list(downloads)) {
                List<Path> all = files.toList();
                if (all.stream().anyMatch(p -> p.toString().endsWith(".crdownload"))) {
                    return false;
                }
                found[0] = all.stream().filter(p -> p.toString().endsWith(suffix)).findFirst().orElse(null);
                return found[0] != null;
            } catch (IOException e) {
                return false;
            }
        });
        return found[0];
    }

    /** Saves a PNG of what the window shows into the folder. */
    void screenshot(Path folder, String name) {
        save(folder, name, driver.getScreenshotAs(OutputType.BYTES));
    }

    /**
     * Shows or hides the page's scroll bar. A picture of the whole page has none, so the page is
     * laid out without one first (and its charts redrawn at that width) before it is taken.
     */
    void scrollBar(boolean shown) {
        script("document.documentElement.style.scrollbarWidth = arguments[0]", shown ? "" : "none");
    }

    /**
     * Saves a PNG of the whole page, as tall as its content and as wide as the window, into the
     * folder. Chromium draws the page beyond the window itself: resizing the window instead would
     * make the charts redraw for the new size while the picture is taken, and a window cannot grow
     * without bound.
     */
    @SuppressWarnings("unchecked")
    void fullPageScreenshot(Path folder, String name) {
        Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        Map<String, Number> content = (Map<String, Number>) metrics.get("cssContentSize");
        Number width = (Number) script("return window.innerWidth");
        Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", width.doubleValue(),
                "height", content.get("height").doubleValue(), "scale", 1);
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        save(folder, name, java.util.Base64.getDecoder().decode((String) shot.get("data")));
    }

    private static void save(Path folder, String name, byte[] png) {
        try {
            Files.createDirectories(folder);
            Files.write(folder.resolve(name + ".png"), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The console errors so far, but for the API's error answers, which the page shows in its own
     * way (a refused key, a field error): a CSP violation, an uncaught exception or a missing asset
     * all count.
     */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(m -> !(m.contains("/api/v1/") && m.contains("Failed to load resource")))
                .toList();
    }

    /**
     * Every console error so far, the API's error answers included: a page that works as meant
     * logs none (a signed-out load, say, must not log a 401).
     */
    List<String> everyConsoleError() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    /**
     * What is wrong with the codes' filter row at the window's width: a control sticking out of
     * the row or the screen, or one too narrow for its placeholder or any of its options.
     */
    @SuppressWarnings("unchecked")
    List<String> filterRowProblems() {
        return (List<String>) script("""
                const form = document.querySelector('form.filters');
                const row = form.getBoundingClientRect();
                const screen = document.documentElement.clientWidth;
                const pen = document.createElement('canvas').getContext('2d');
                const problems = [];
                for (const control of form.querySelectorAll('input, select')) {
                  const box = control.getBoundingClientRect();
                  const style = getComputedStyle(control);
                  if (box.left < row.left - 0.5 || box.right > row.right + 0.5 || box.right > screen) {
                    problems.push(`${control.id} sticks out (${box.left}-${box.right} of ${row.left}-${row.right}, screen ${screen})`);
                  }
                  pen.font = style.font;
                  const room = control.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
                  const texts = control.tagName === 'SELECT' ? [...control.options].map((o) => o.text) : [control.placeholder];
                  for (const text of texts) {
                    const needs = pen.measureText(text).width;
                    if (needs > room) problems.push(`${control.id} cuts '${text}' (${Math.round(needs)} px in ${Math.round(room)})`);
                  }
                }
                return problems;
                """);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
