package com.callimport.testfixtures;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium}, driven through its {@code chromedriver}) on the
 * service under test, with what a browser test needs: go to a page, fill a labelled field, press a
 * button, wait for the next page, check the page with axe-core and save its screenshots.
 *
 * <pre>{@code
 * try (Browser browser = Browser.open(port)) {
 *     browser.go("/sign-up").fill("Work email", "ann@acme.example").press("Create account");
 *     browser.waitForPath("/home");
 *     browser.check("home");   // 0 serious/critical axe violations at 1440 and 390 px; docs/screenshots/home-*.png
 * }
 * }</pre>
 *
 * Chromium missing is a failure, not a skip: {@code .ci/run} installs it, and locally
 * {@code apt-get install -y chromium chromium-driver} does.
 */
public final class Browser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final Dimension DESKTOP = new Dimension(1440, 900);
    public static final Dimension PHONE = new Dimension(390, 844);
    private static final Set<String> BLOCKING_IMPACTS = Set.of("serious", "critical");
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Duration NAVIGATION = Duration.ofSeconds(5);
    /** Whether clicking the element loads another page: a link, or a submit button of a form htmx does not send. */
    private static final String LOADS_A_PAGE = """
            var element = arguments[0];
            var htmx = function (node) {
              return Array.prototype.some.call(node.attributes, function (a) { return a.name.indexOf('hx-') === 0; });
            };
            if (element.tagName === 'A') {
              var href = element.getAttribute('href');
              return !!href && href.charAt(0) !== '#' && !htmx(element) && element.target !== '_blank';
            }
            var form = element.form;
            return !!form && element.type === 'submit' && !htmx(form) && !htmx(element);
            """;

    private final ChromeDriver driver;
    private final URI base;
    private final Path profile;

    private Browser(ChromeDriver driver, URI base, Path profile) {
        this.driver = driver;
        this.base = base;
        this.profile = profile;
    }

    /** A fresh browser (new empty profile: no cookies) on the service at {@code http://127.0.0.1:port}. */
    public static Browser open(int port) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new AssertionError("the browser tests need Debian's Chromium at " + CHROMIUM + " and its driver at "
                    + CHROMEDRIVER + "; install them with 'apt-get install -y chromium chromium-driver' (.ci/run does)");
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("callimport-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // without the networking flags Chromium keeps calling home, which this machine's closed network refuses
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--lang=en-US", "--force-device-scale-factor=1",
                "--window-size=" + DESKTOP.getWidth() + "," + DESKTOP.getHeight(), "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new Browser(driver, URI.create("http://127.0.0.1:" + port), profile);
    }

    public WebDriver driver() {
        return driver;
    }

    public URI base() {
        return base;
    }

    public Browser go(String path) {
        driver.get(base.resolve(path).toString());
        return this;
    }

    /** The current page's path, e.g. {@code /home}. */
    public String path() {
        return URI.create(driver.getCurrentUrl()).getPath();
    }

    /** Waits until the browser shows {@code path} (after a redirect, say). */
    public Browser waitForPath(String path) {
        try {
            // the address changes when the new page is committed, before its stylesheets have laid it out
            new WebDriverWait(driver, WAIT).until(browser -> path().equals(path)
                    && "complete".equals(driver.executeScript("return document.readyState")));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("the browser stayed on " + driver.getCurrentUrl() + " instead of reaching " + path
                    + "; the page says: " + text(), e);
        }
        return this;
    }

    /** Types into the field whose {@code <label>} reads {@code label}, as a person finds it. */
    public Browser fill(String label, String value) {
        WebElement field = field(label);
        field.clear();
        field.sendKeys(value);
        return this;
    }

    /** The form field whose label's text is {@code label}. */
    public WebElement field(String label) {
        List<WebElement> labels = driver.findElements(By.xpath("//label[normalize-space(.)=" + xpathLiteral(label) + "]"));
        assertThat(labels).as("a field labelled '" + label + "' on " + path()).hasSize(1);
        String id = labels.get(0).getAttribute("for");
        assertThat(id).as("label '" + label + "' names its field with for=").isNotBlank();
        return driver.findElement(By.id(id));
    }

    /** Clicks the button (or submit input) whose text is {@code text}. */
    public Browser press(String text) {
        By button = By.xpath("//button[normalize-space(.)=" + xpathLiteral(text) + "]"
                + " | //input[@type='submit' and @value=" + xpathLiteral(text) + "]");
        assertThat(driver.findElements(button)).as("a button '" + text + "' on " + path()).isNotEmpty();
        return click(button);
    }

    /** Follows the link whose text is {@code text}. */
    public Browser follow(String text) {
        return click(By.linkText(text));
    }

    /**
     * Clicks the first element {@code target} finds, scrolled to the middle of the window, as a person does once
     * the page has settled: just after a load, a window resize or an htmx swap another element can still sit
     * where the target is about to be, and headless Chromium then reports the click intercepted. When the click
     * loads another page (a link, or a form submitted without htmx), it returns once that page has loaded, so that
     * what the test reads next is the new page and not the one being left.
     */
    public Browser click(By target) {
        WebElement page = driver.findElement(By.tagName("html"));
        boolean[] loadsAPage = new boolean[1];
        new WebDriverWait(driver, WAIT)
                .ignoring(ElementClickInterceptedException.class)
                .ignoring(StaleElementReferenceException.class)
                .until(browser -> {
                    WebElement element = browser.findElement(target);
                    loadsAPage[0] = Boolean.TRUE.equals(driver.executeScript(LOADS_A_PAGE, element));
                    driver.executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
                    element.click();
                    return true;
                });
        if (loadsAPage[0]) {
            try {
                new WebDriverWait(driver, NAVIGATION).until(browser -> left(page));
            } catch (org.openqa.selenium.TimeoutException stayed) {
                // the browser's own form validation kept the page: nothing was loaded, which the test will see
            }
            new WebDriverWait(driver, WAIT).until(browser -> "complete".equals(driver.executeScript("return document.readyState")));
        }
        return this;
    }

    /**
     * Whether the browser has left the page {@code page} is the root of. Asked mid-navigation, Chromium may not yet
     * call the old root stale but say that it does not belong to the (new) document, which means the same.
     */
    private static boolean left(WebElement page) {
        try {
            page.isEnabled();
            return false;
        } catch (StaleElementReferenceException gone) {
            return true;
        } catch (WebDriverException asked) {
            if (asked.getMessage() != null && asked.getMessage().contains("does not belong to the document")) {
                return true;
            }
            throw asked;
        }
    }

    /** What the page says, as text. */
    public String text() {
        // a page replaced while it is read (a redirect, an htmx swap of the body) is read again
        return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class)
                .until(browser -> browser.findElement(By.tagName("body")).getText());
    }

    /**
     * Checks the current page as a key screen: no serious or critical axe-core violation at desktop and at
     * phone width, and its screenshots saved as {@code docs/screenshots/<screen>-desktop.png} and
     * {@code -phone.png}. Leaves the window at desktop size.
     */
    public Browser check(String screen) {
        try {
            for (Dimension size : List.of(DESKTOP, PHONE)) {
                driver.manage().window().setSize(size);
                assertAccessible(screen + " at " + size.getWidth() + " px");
                saveScreenshot(screen + (size.equals(DESKTOP) ? "-desktop" : "-phone"));
            }
        } finally {
            driver.manage().window().setSize(DESKTOP);
        }
        return this;
    }

    /** No serious or critical axe-core violation on the page as it is now. */
    public Browser assertAccessible(String what) {
        Results results = new AxeBuilder().analyze(driver);
        assertThat(results.isErrored()).as("axe-core ran on " + what + ": " + results.getErrorMessage()).isFalse();
        String violations = results.getViolations().stream()
                .filter(rule -> BLOCKING_IMPACTS.contains(rule.getImpact()))
                .map(Browser::describe)
                .collect(Collectors.joining("\n"));
        assertThat(violations).as("serious or critical accessibility violations on " + what).isEmpty();
        return this;
    }

    /** Saves what the window shows now as {@code docs/screenshots/<name>.png} in the repository. */
    public Path saveScreenshot(String name) {
        Path target = screenshots().resolve(name + ".png");
        // a blinking text cursor would make every run's picture differ
        driver.executeScript("document.documentElement.style.caretColor = 'transparent'");
        File shot = driver.getScreenshotAs(OutputType.FILE);
        try {
            Files.createDirectories(target.getParent());
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(shot.toPath());
        } catch (IOException e) {
            throw new UncheckedIOException("could not save the screenshot " + target, e);
        }
        return target;
    }

    /** {@code docs/screenshots} of the repository, whether Maven runs from the root or from {@code app/}. */
    public static Path screenshots() {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null) {
            if (Files.exists(directory.resolve("mvnw")) && Files.isDirectory(directory.resolve("app"))) {
                return directory.resolve("docs").resolve("screenshots");
            }
            directory = directory.getParent();
        }
        throw new IllegalStateException("no repository root (a folder with mvnw and app/) above " + Path.of("").toAbsolutePath());
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            } catch (IOException ignored) {
                // a temporary profile left behind is harmless
            }
        }
    }

    private static String describe(Rule rule) {
        return rule.getImpact() + " " + rule.getId() + ": " + rule.getHelp() + rule.getNodes().stream()
                .map(node -> "\n    at " + node.getTarget() + " " + summary(node))
                .collect(Collectors.joining());
    }

    private static String summary(CheckedNode node) {
        return node.getFailureSummary() == null ? "" : node.getFailureSummary().replace('\n', ' ');
    }

    private static String xpathLiteral(String text) {
        if (!text.contains("'")) {
            return "'" + text + "'";
        }
        return "concat('" + text.replace("'", "',\"'\",'") + "')";
    }
}
