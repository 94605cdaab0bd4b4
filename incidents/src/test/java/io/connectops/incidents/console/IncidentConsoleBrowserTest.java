package io.connectops.incidents.console;

import static io.connectops.incidents.IncidentApi.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.IncidentEvent;
import io.connectops.contracts.IncidentEvent.Change;
import io.connectops.incidents.IncidentApi;
import io.connectops.incidents.IncidentTopic;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestTokens;
import io.connectops.platform.testing.console.ConsoleBrowser;
import io.connectops.platform.testing.console.ConsoleLoginProvider;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * The console as a person uses it, in Chromium: the link of a message, the provider's login page, the buttons of
 * each step, and the timeline that follows without a reload. Screenshots go to {@code incidents/docs/}.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class IncidentConsoleBrowserTest {

    @TestHTTPResource("/")
    URL base;

    private static String openIncident(String title, String severity) {
        return IncidentApi.manager().body(IncidentApi.openBody(title, severity, "q-" + UUID.randomUUID()))
                .post(BASE).then().statusCode(201).extract().path("id");
    }

    /** The path of the link the incident's first event carries, as every message shows it. */
    private static String linkOf(String id) {
        String url = IncidentTopic.await(id, 1).get(0).data().url();
        assertThat(url).endsWith("/incidents/" + id);
        return URI.create(url).getPath();
    }

    private static void openSignedIn(ConsoleBrowser browser, String id, ConsoleLoginProvider.Person person) {
        browser.open("/incidents/" + id);
        browser.signIn(person);
        browser.waitForText("status", "TRIAGE");
    }

    /** A form post with the browser's cookies, as another page or site would make it. */
    private static RequestSpecification formPost(Map<String, String> cookies) {
        return RestAssured.given().redirects().follow(false).cookies(cookies)
                .contentType("application/x-www-form-urlencoded");
    }

    private static List<String> timelineKinds(ConsoleBrowser browser) {
        return browser.driver.findElements(By.cssSelector("#timeline li .kind")).stream().map(WebElement::getText)
                .toList();
    }

    @Test
    void anIncidentManagerOpensTheLinkSignsInAndWorksTheIncidentToResolvedWithTheButtons() throws Exception {
        String id = openIncident("Billing callers wait four minutes", "P2");
        try (ConsoleBrowser browser = new ConsoleBrowser(base)) {
            browser.open(linkOf(id));
            browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-login")));
            assertThat(browser.driver.getTitle()).isEqualTo("Sign in to connectops");
            browser.screenshot("console-sign-in.png");
            browser.signIn(ConsolePeople.MANAGER);

            // Back on the incident the link named, in triage, nobody on it yet.
            assertThat(browser.driver.getCurrentUrl()).endsWith("/incidents/" + id);
            assertThat(browser.text("status")).isEqualTo("TRIAGE");
            assertThat(browser.driver.findElement(By.tagName("h1")).getText())
                    .contains("Billing callers wait four minutes");
            assertThat(browser.text("acknowledged")).isEqualTo("Not yet");
            browser.screenshot("console-incident-triage.png");

            browser.driver.findElement(By.id("acknowledge")).click();
            browser.waitForText("acknowledged", "by ana.ops");
            assertThat(browser.driver.findElements(By.id("acknowledge"))).isEmpty();
            assertThat(browser.driver.findElement(By.cssSelector("#timeline li")).getText())
                    .contains("Acknowledged by ana.ops");

            // The assessment form is the open one now; impact and commander come filled in.
            browser.driver.findElement(By.cssSelector("#assess-form textarea[name=summary]"))
                    .sendKeys("Routing profile lost the Billing queue after the 07:50 change");
            assertThat(browser.driver.findElement(By.cssSelector("#assess-form input[name=commander]"))
                    .getAttribute("value")).isEqualTo("ana.ops");
            browser.driver.findElement(By.id("assess")).click();
            browser.waitForText("status", "MITIGATING");

            browser.driver.findElement(By.cssSelector("textarea[name=mitigation]"))
                    .sendKeys("Billing queue added back to the routing profile");
            browser.driver.findElement(By.id("mitigate")).click();
            browser.waitForText("status", "MONITORING");

            browser.driver.findElement(By.cssSelector("textarea[name=resolution]"))
                    .sendKeys("Waits under 20 s for 30 minutes");
            browser.driver.findElement(By.id("resolve")).click();
            browser.waitForText("status", "RESOLVED");

            // Newest first: the lifecycle as the buttons made it.
            List<String> kinds = new ArrayList<>(timelineKinds(browser));
            Collections.reverse(kinds);
            assertThat(kinds).startsWith("OPENED", "ACKNOWLEDGED", "STATUS_CHANGED", "STATUS_CHANGED",
                    "STATUS_CHANGED");
            assertThat(browser.driver.findElement(By.id("timeline")).getText())
                    .contains("TRIAGE → MITIGATING").contains("MITIGATING → MONITORING")
                    .contains("MONITORING → RESOLVED. Resolved: Waits under 20 s for 30 minutes");

            // The timeline follows what happens elsewhere without a reload.
            ((JavascriptExecutor) browser.driver).executeScript("window.sameDocument = 'yes';");
            IncidentApi.manager().body("{\"text\":\"Carrier confirmed the fix on their side\"}")
                    .post(BASE + "/" + id + "/notes").then().statusCode(201);
            browser.waitForText("timeline", "Carrier confirmed the fix on their side");
            assertThat(((JavascriptExecutor) browser.driver).executeScript("return window.sameDocument;"))
                    .isEqualTo("yes");
            browser.screenshot("console-incident-resolved.png");

            browser.phoneSized();
            browser.open("/incidents/" + id);
            browser.waitForText("status", "RESOLVED");
            browser.screenshot("console-incident-phone.png");

            browser.driver.manage().window().setSize(new Dimension(1280, 1000));
            browser.open("/incidents?severity=P2&status=RESOLVED&q=Billing+callers");
            browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.linkText(
                    IncidentApi.viewer().get(BASE + "/" + id).then().extract().<String>path("reference"))));
            browser.screenshot("console-list.png");
        }

        IncidentApi.viewer().get(BASE + "/" + id).then().statusCode(200)
                .body("status", equalTo("RESOLVED"))
                .body("acknowledgedBy", equalTo("ana.ops"))
                .body("commander", equalTo("ana.ops"));
        List<CloudEvent<IncidentEvent>> events = IncidentTopic.await(id, 5);
        assertThat(IncidentTopic.changes(events)).containsExactly(Change.OPENED, Change.ACKNOWLEDGED,
                Change.ASSESSED, Change.MITIGATED, Change.RESOLVED);
        assertThat(events.subList(1, 5)).allSatisfy(event -> assertThat(event.data().actor().name())
                .isEqualTo("ana.ops"));
    }

    @Test
    void aFormPostedWithoutItsCsrfTokenChangesNothing() {
        String id = openIncident("Softphones drop calls", "P3");
        Map<String, String> cookies;
        try (ConsoleBrowser browser = new ConsoleBrowser(base)) {
            openSignedIn(browser, id, ConsolePeople.MANAGER);
            cookies = browser.cookies();
        }
        String token = cookies.get("console-csrf");
        assertThat(token).isNotBlank();
        String action = "/incidents/" + id + "/actions/acknowledge";

        formPost(cookies).formParam("note", "").post(action).then().statusCode(400);
        formPost(cookies).formParam("csrf", "forged" + token).post(action).then().statusCode(400);
        IncidentApi.viewer().get(BASE + "/" + id).then().body("acknowledgedAt", nullValue());

        formPost(cookies).formParam("csrf", token).post(action).then().statusCode(303)
                .header("Location", containsString("/incidents/" + id));
        IncidentApi.viewer().get(BASE + "/" + id).then().body("acknowledgedBy", equalTo("ana.ops"));
    }

    @Test
    void aViewerSeesTheIncidentWithoutActionsAndCannotPostOne() {
        String id = openIncident("Wallboard shows stale figures", "P3");
        Map<String, String> cookies;
        try (ConsoleBrowser browser = new ConsoleBrowser(base)) {
            openSignedIn(browser, id, ConsolePeople.VIEWER);
            assertThat(browser.driver.findElements(By.cssSelector("section.actions"))).isEmpty();
            assertThat(browser.driver.findElements(By.tagName("form"))).isEmpty();
            cookies = browser.cookies();
        }
        formPost(cookies).formParam("csrf", cookies.get("console-csrf"))
                .post("/incidents/" + id + "/actions/acknowledge").then().statusCode(403);
        IncidentApi.viewer().get(BASE + "/" + id).then().body("acknowledgedAt", nullValue());
    }

    @Test
    void theConsoleSignsPeopleInWhileTheApiStaysBearerOnly() {
        String id = openIncident("Queue metrics delayed", "P4");
        // No session: the console sends the browser to the provider; a bearer token does not sign in to it.
        RestAssured.given().redirects().follow(false).get("/incidents/" + id).then().statusCode(302)
                .header("Location", containsString(ConsoleLoginProvider.get().issuer()
                        + "/protocol/openid-connect/auth"));
        RestAssured.given().redirects().follow(false)
                .header("Authorization", TestTokens.bearer(TestTokens.forUser("ana.ops", Roles.INCIDENT_MANAGER)))
                .get("/incidents/" + id).then().statusCode(302);
        // The API never redirects to a login page.
        RestAssured.given().redirects().follow(false).get(BASE + "/" + id).then().statusCode(401);
    }
}
