package io.connectops.scheduling.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestTokens;
import io.connectops.platform.testing.console.ConsoleBrowser;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

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

    @Test
    void aSupervisorTicksAndUnticksChecklistItemsWithTheirCheckboxesAndIsToldWhenSomeoneWasFirst() throws Exception {
        SupervisorScenario scenario = SupervisorScenario.seed(3);
        String taskId = scenario.dueTaskId.toString();
        String path = "/supervisor?group=" + scenario.groupId;
        By article = By.cssSelector("#tasks article[data-task='" + taskId + "']");
        try (ConsoleBrowser browser = new ConsoleBrowser(base)) {
            ChromeDriver driver = browser.driver;
            browser.open(path);
            browser.signIn(ConsolePeople.SUPERVISOR);

            WebElement staffing = item(driver, article, 1);
            assertThat(staffing.getAttribute("class")).isEqualTo("open");
            WebElement box = staffing.findElement(By.tagName("input"));
            assertThat(box.isSelected()).isFalse();
            assertThat(box.isEnabled()).isTrue();

            box.click();
            browser.wait.until(d -> "done".equals(item(d, article, 1).getAttribute("class")));
            assertThat(item(driver, article, 1).getText()).isEqualTo("Staffing checked (sub-sam.supervisor)");
            assertThat(driver.findElement(article).findElement(By.className("done-count")).getText()).isEqualTo("2");
            JsonPath ticks = ApiSecurity.as(Roles.VIEWER).get("/api/v1/ops-tasks/" + taskId + "/ticks").then()
                    .statusCode(200).extract().jsonPath();
            assertThat(ticks.getList("itemIndex")).containsExactly(1);
            assertThat(ticks.getString("[0].actorName")).isEqualTo("sam.supervisor");
            assertThat(ticks.getBoolean("[0].done")).isTrue();

            // The tick is the server's: a reload shows it.
            driver.navigate().refresh();
            browser.wait.until(ExpectedConditions.presenceOfElementLocated(article));
            assertThat(item(driver, article, 1).findElement(By.tagName("input")).isSelected()).isTrue();

            // Someone else ticks the last item meanwhile; this page still shows it open and is told who was first.
            ApiSecurity.withToken(TestTokens.forUser("alex.admin", Roles.ADMIN)).contentType("application/json")
                    .body("{\"done\":true}").put("/api/v1/ops-tasks/" + taskId + "/items/2").then().statusCode(200);
            item(driver, article, 2).findElement(By.tagName("input")).click();
            WebElement error = driver.findElement(article).findElement(By.className("tick-error"));
            browser.wait.until(ExpectedConditions.visibilityOf(error));
            assertThat(error.getText()).startsWith("Checklist item 2 (Wallboard on) is already ticked by sub-alex.admin");

            // Unticking is a tick too.
            item(driver, article, 1).findElement(By.tagName("input")).click();
            browser.wait.until(d -> "open".equals(item(d, article, 1).getAttribute("class")));
            assertThat(ApiSecurity.as(Roles.VIEWER).get("/api/v1/ops-tasks/" + taskId).then().statusCode(200)
                    .extract().jsonPath().getList("task.items.done")).containsExactly(true, false, true);
        }

        // A viewer reads the same checklist but cannot tick it.
        try (ConsoleBrowser browser = new ConsoleBrowser(base)) {
            browser.open(path);
            browser.signIn(ConsolePeople.VIEWER);
            List<WebElement> boxes = browser.driver.findElement(article).findElements(By.cssSelector("input"));
            assertThat(boxes).hasSize(3).noneMatch(WebElement::isEnabled);
        }
    }

    private static WebElement item(WebDriver driver, By article, int index) {
        return driver.findElement(article).findElement(By.cssSelector("li[data-index='" + index + "']"));
    }
}
