package io.connectops.platform.testing.console;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through its chromedriver: a person's browser for the tests of the pages people
 * sign in to through {@link ConsoleLoginProvider}. The binaries can be moved with {@code -Dconnectops.test.chromium=}
 * and {@code -Dconnectops.test.chromedriver=}. Selenium is an optional dependency of platform-testing: a module that
 * uses this class declares {@code selenium-java} among its own test dependencies.
 */
public final class ConsoleBrowser implements AutoCloseable {

    /** Where the screenshots the README shows are written, beside the module's README. */
    public static final Path SCREENSHOTS = Path.of("docs");

    public final ChromeDriver driver;
    /** Waits up to a minute, like the page loads. */
    public final WebDriverWait wait;
    private final URL base;

    /** A fresh browser (no cookies) for the application at {@code base}. */
    public ConsoleBrowser(URL base) {
        this.base = base;
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("connectops.test.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("connectops.test.chromedriver",
                        "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        // The machine running the suite is often busy: pages get a generous minute.
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        wait = new WebDriverWait(driver, Duration.ofSeconds(60));
    }

    /** Opens a path of the application, e.g. {@code /incidents/<id>}. */
    public void open(String path) {
        driver.get(base.toString().replaceAll("/$", "") + path);
    }

    /**
     * Signs in on the provider's login page the application redirected to, and waits to be back on a page of the
     * application (its {@code header.bar}).
     */
    public void signIn(ConsoleLoginProvider.Person person) {
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-login")));
        driver.findElement(By.id("username")).sendKeys(person.username());
        driver.findElement(By.id("password")).sendKeys(person.password());
        driver.findElement(By.id("kc-login")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("header.bar")));
    }

    /** The visible text of the element with this id. */
    public String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    /** Waits until the element with this id shows {@code text}. */
    public void waitForText(String id, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id(id), text));
    }

    /** The cookies the browser holds for the application (session and CSRF), for requests made around it. */
    public Map<String, String> cookies() {
        return driver.manage().getCookies().stream()
                .collect(Collectors.toMap(cookie -> cookie.getName(), cookie -> cookie.getValue()));
    }

    public void phoneSized() {
        driver.manage().window().setSize(new Dimension(390, 1400));
    }

    /** The window as it is, to {@link #SCREENSHOTS}{@code /name}. */
    public void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * The whole page at {@code width}, to {@link #SCREENSHOTS}{@code /name}: the window grows to the page's height
     * first (3,200 pixels at the most).
     */
    public void screenshotWholePage(int width, String name) throws IOException {
        driver.manage().window().setSize(new Dimension(width, 1000));
        long height = ((Number) driver.executeScript("return document.documentElement.scrollHeight;")).longValue();
        driver.manage().window().setSize(new Dimension(width, (int) Math.min(height + 140, 3200)));
        screenshot(name);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
