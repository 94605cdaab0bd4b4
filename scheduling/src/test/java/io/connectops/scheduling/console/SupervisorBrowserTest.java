package io.connectops.scheduling.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.console.ConsoleBrowser;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The supervisor page as a person opens it, in Debian's Chromium (platform-testing's {@link ConsoleBrowser}): the
 * provider's login page, then the group's figures. The screenshots the README shows go to {@code scheduling/docs/}.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class SupervisorBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void aSupervisorSignsInAndReadsTodaysStaffingShiftsAdherenceTasksAndWindows() throws Exception {
        SupervisorScenario scenario = SupervisorScenario.seed(10);
        String path = "/supervisor?group=" + scenario.groupId;
        try (ConsoleBrowser browser = new ConsoleBrowser(base)) {
            ChromeDriver driver = browser.driver;
            browser.open(path);
            browser.signIn(ConsolePeople.SUPERVISOR);
            assertThat(driver.getCurrentUrl()).endsWith(path);
            assertThat(driver.getTitle()).isEqualTo("Supervisor · group-" + scenario.suffix + " · Connect Ops");

            Instant current = scenario.dayStart.plusSeconds(LocalTime.parse(browser.text("now-interval")
                    .substring(0, 5)).toSecondOfDay());
            assertThat(browser.text("now-required")).isEqualTo(String.valueOf(scenario.required(current)));
            assertThat(browser.text("now-scheduled")).isEqualTo(String.valueOf(scenario.scheduled(current)));
            assertThat(browser.text("now-available")).isEqualTo("7");
            assertThat(browser.text("now-gap")).isEqualTo(String.valueOf(7 - scenario.required(current)));
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
            browser.screenshotWholePage(1280, "supervisor.png");

            driver.navigate().refresh();
            browser.screenshotWholePage(390, "supervisor-phone.png");
            // On a phone the page is one column: nothing but the wide tables (which scroll) is wider than the screen.
            assertThat((Boolean) ((JavascriptExecutor) driver).executeScript(
                    "return document.documentElement.scrollWidth <= window.innerWidth;")).isTrue();
        }
        assertThat(ConsoleBrowser.SCREENSHOTS.resolve("supervisor.png")).isNotEmptyFile();
        assertThat(ConsoleBrowser.SCREENSHOTS.resolve("supervisor-phone.png")).isNotEmptyFile();
    }
}
