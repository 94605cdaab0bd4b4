package io.connectops.scheduling.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The supervisor page as a person opens it, in Debian's Chromium (headless, through its chromedriver; moved with
 * {@code -Dconnectops.test.chromium=} and {@code -Dconnectops.test.chromedriver=}): the provider's login page, then
 * the group's figures. The screenshots the README shows go to {@code scheduling/docs/}.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class SupervisorBrowserTest {

    static final Path SCREENSHOTS = Path.of("docs");

    @TestHTTPResource("/")
    URL base;

    static ChromeDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("connectops.test.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("connectops.test.chromedriver",
                        "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        // The machine running the suite is often busy: pages get a generous minute.
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return driver;
    }

    /** Signs in on the provider's login page the page redirected to, and waits to be back on the page. */
    static void signIn(ChromeDriver driver, ConsoleLoginProvider.Person person) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-login")));
        driver.findElement(By.id("username")).sendKeys(person.username());
        driver.findElement(By.id("password")).sendKeys(person.password());
        driver.findElement(By.id("kc-login")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("header.bar")));
    }

    /** The whole page at {@code width}: the window grows to the page's height first. */
    private static void screenshot(ChromeDriver driver, int width, String name) throws Exception {
        driver.manage().window().setSize(new Dimension(width, 1000));
        long height = ((Number) ((JavascriptExecutor) driver)
                .executeScript("return document.documentElement.scrollHeight;")).longValue();
        driver.manage().window().setSize(new Dimension(width, (int) Math.min(height + 140, 3200)));
        Files.createDirectories(SCREENSHOTS);
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static String text(ChromeDriver driver, String id) {
        return driver.findElement(By.id(id)).getText();
    }

    @Test
    void aSupervisorSignsInAndReadsTodaysStaffingShiftsAdherenceTasksAndWindows() throws Exception {
        SupervisorScenario scenario = SupervisorScenario.seed(10);
        String path = "/supervisor?group=" + scenario.groupId;
        ChromeDriver driver = chromium();
        try {
            driver.get(base.toString().replaceAll("/$", "") + path);
            signIn(driver, ConsoleLoginProvider.SUPERVISOR);
            assertThat(driver.getCurrentUrl()).endsWith(path);
            assertThat(driver.getTitle()).isEqualTo("Supervisor · group-" + scenario.suffix + " · Connect Ops");

            Instant current = scenario.dayStart.plusSeconds(LocalTime.parse(text(driver, "now-interval")
                    .substring(0, 5)).toSecondOfDay());
            assertThat(text(driver, "now-required")).isEqualTo(String.valueOf(scenario.required(current)));
            assertThat(text(driver, "now-scheduled")).isEqualTo(String.valueOf(scenario.scheduled(current)));
            assertThat(text(driver, "now-available")).isEqualTo("7");
            assertThat(text(driver, "now-gap")).isEqualTo(String.valueOf(7 - scenario.required(current)));
            WebElement nine = driver.findElement(By.cssSelector("#staffing tr[data-start='09:00']"));
            assertThat(nine.findElements(By.tagName("td")).stream().limit(3).map(WebElement::getText).toList())
                    .containsExactly("6", "4", "-2");
            List<WebElement> shifts = driver.findElements(By.cssSelector("#schedules tbody tr"));
            assertThat(shifts).hasSize(10);
            assertThat(shifts.get(0).getText()).contains("Amira Haddad").contains("06:00–14:00");
            assertThat(driver.findElements(By.cssSelector("#adherence tbody tr"))).hasSize(10);
            assertThat(driver.findElement(By.cssSelector("#tasks article[data-task='" + scenario.dueTaskId + "']"))
                    .getText()).contains("1 of 3 done");
            assertThat(driver.findElement(By.id("maintenance")).getText())
                    .contains("Carrier failover test " + scenario.suffix).contains("IN_PROGRESS");
            screenshot(driver, 1280, "supervisor.png");

            driver.navigate().refresh();
            screenshot(driver, 390, "supervisor-phone.png");
            // On a phone the page is one column: nothing but the wide tables (which scroll) is wider than the screen.
            assertThat((Boolean) ((JavascriptExecutor) driver).executeScript(
                    "return document.documentElement.scrollWidth <= window.innerWidth;")).isTrue();
        } finally {
            driver.quit();
        }
        assertThat(SCREENSHOTS.resolve("supervisor.png")).isNotEmptyFile();
        assertThat(SCREENSHOTS.resolve("supervisor-phone.png")).isNotEmptyFile();
    }
}
