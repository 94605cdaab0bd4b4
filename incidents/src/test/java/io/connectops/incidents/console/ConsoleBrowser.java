package io.connectops.incidents.console;

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
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through its chromedriver: a person's browser for the console tests. The
 * binaries can be moved with {@code -Dconnectops.test.chromium=} and {@code -Dconnectops.test.chromedriver=}.
 */
final class ConsoleBrowser implements AutoCloseable {

    /** Where the screenshots the README shows are written, beside the module's README. */
    static final Path SCREENSHOTS = Path.of("docs");

    final WebDriver driver;
    final WebDriverWait wait;
    private final URL base;

    ConsoleBrowser(URL base) {
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

    /** Opens a console path, e.g. {@code /incidents/<id>}. */
    void open(String path) {
        driver.get(base.toString().replaceAll("/$", "") + path);
    }

    /** Signs in on the provider's login page the console redirected to, and waits to be back on the console. */
    void signIn(ConsoleLoginProvider.Person person) {
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-login")));
        driver.findElement(By.id("username")).sendKeys(person.username());
        driver.findElement(By.id("password")).sendKeys(person.password());
        driver.findElement(By.id("kc-login")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("header.bar")));
    }

    String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    void waitForText(String id, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id(id), text));
    }

    /** The cookies the browser holds for the console (session and CSRF), for requests made around it. */
    Map<String, String> cookies() {
        return driver.manage().getCookies().stream()
                .collect(Collectors.toMap(cookie -> cookie.getName(), cookie -> cookie.getValue()));
    }

    void phoneSized() {
        driver.manage().window().setSize(new Dimension(390, 1400));
    }

    void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
