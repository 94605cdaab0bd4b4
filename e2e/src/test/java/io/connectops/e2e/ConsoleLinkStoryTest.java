package io.connectops.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.console.ConsoleBrowser;
import io.connectops.platform.testing.console.ConsoleLoginProvider;
import io.connectops.platform.testing.console.ConsoleLoginProvider.Person;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The "Open incident" link of every message, followed as a person does (issue 18): an incident reaches Slack, Teams
 * and ServiceNow through the real processes; each message carries the same link, {@code <public-url>/incidents/<id>};
 * a browser that has never signed in follows the Slack link, is sent to the OpenID provider's login page, signs in
 * with the authorization-code flow, and lands on that incident's page, where the person acknowledges, assesses,
 * mitigates and resolves it with the page's buttons; the timeline and the Slack thread show each step.
 */
class ConsoleLinkStoryTest {

    private static final Duration STEP = Duration.ofSeconds(60);
    private static final Person MANAGER = ConsoleLoginProvider.person("lena.console", "lena-password",
            Roles.INCIDENT_MANAGER);

    private static Platform platform;

    @BeforeAll
    static void startPlatform() {
        platform = Platform.get();
    }

    @Test
    void theLinkInEveryMessageOpensTheIncidentAfterSignInWhereThePersonWorksItToResolved() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String queue = "console-e2e-" + id;
        String slackChannel = "C0LINK" + id.toUpperCase();
        String teamsPath = "/workflows/console-" + id;
        String slack = createChannel(Map.of("name", "Slack console " + id, "type", "SLACK",
                "settings", Map.of("channel", slackChannel, "apiUrl", platform.slack.baseUrl() + "/api"),
                "secrets", Map.of("botToken", Platform.SLACK_TOKEN)));
        String teams = createChannel(Map.of("name", "Teams console " + id, "type", "TEAMS",
                "secrets", Map.of("workflowUrl", platform.teams.baseUrl() + teamsPath)));
        String serviceNow = createChannel(Map.of("name", "ServiceNow console " + id, "type", "SERVICENOW",
                "settings", Map.of("instanceUrl", platform.serviceNow.baseUrl(), "username", Platform.SERVICENOW_USER),
                "secrets", Map.of("password", Platform.SERVICENOW_PASSWORD)));
        platform.asAdmin("notifications").contentType(ContentType.JSON).body(Map.of("name", "Console story " + id,
                "eventTypes", List.of("connectops.incident.*"), "queues", List.of(queue),
                "channelIds", List.of(slack, teams, serviceNow), "continue", true))
                .post("/api/v1/routes").then().statusCode(201);

        JsonPath opened = platform.as("incidents", MANAGER.username(), Roles.INCIDENT_MANAGER)
                .contentType(ContentType.JSON).body(Map.of("title", "Agents cannot log in to the CCP (" + id + ")",
                        "severity", "P2", "impact", "Agents of the morning shift cannot take calls",
                        "queues", List.of(queue)))
                .post("/api/v1/incidents").then().statusCode(201).extract().jsonPath();
        String incidentId = opened.getString("id");
        String reference = opened.getString("reference");
        String expected = platform.url("incidents") + "/incidents/" + incidentId;

        await("the incident reaches Slack, Teams and ServiceNow").atMost(STEP).untilAsserted(() -> {
            assertThat(platform.slack.messagesIn(slackChannel)).isNotEmpty();
            assertThat(platform.teams.cards().stream().filter(card -> String.valueOf(card).contains(reference)))
                    .isNotEmpty();
            assertThat(platform.serviceNow.incidents().stream().filter(record ->
                    ("connectops:incident:" + incidentId).equals(record.get("correlation_id")))).isNotEmpty();
        });
        String slackMessage = String.valueOf(platform.slack.messagesIn(slackChannel).get(0).blocks());
        String teamsCard = String.valueOf(platform.teams.cards().stream()
                .filter(card -> String.valueOf(card).contains(reference)).findFirst().orElseThrow());
        String serviceNowRecord = String.valueOf(platform.serviceNow.incidents().stream().filter(record ->
                ("connectops:incident:" + incidentId).equals(record.get("correlation_id"))).findFirst()
                .orElseThrow());
        assertThat(linksTo(incidentId, slackMessage)).as("Slack message").containsOnly(expected);
        assertThat(linksTo(incidentId, teamsCard)).as("Teams card").containsOnly(expected);
        assertThat(linksTo(incidentId, serviceNowRecord)).as("ServiceNow record").containsOnly(expected);

        try (ConsoleBrowser browser = new ConsoleBrowser(URI.create(platform.url("incidents")).toURL())) {
            browser.driver.get(linksTo(incidentId, slackMessage).get(0));
            assertThat(browser.driver.getCurrentUrl()).as("a person who has not signed in is sent to the provider")
                    .startsWith(ConsoleLoginProvider.get().issuer());
            browser.signIn(MANAGER);
            assertThat(browser.driver.getCurrentUrl()).isEqualTo(expected);
            assertThat(browser.driver.findElement(By.cssSelector("h1")).getText()).contains(reference,
                    "Agents cannot log in to the CCP (" + id + ")");
            assertThat(browser.text("status")).isEqualTo("TRIAGE");
            assertThat(browser.text("acknowledged")).isEqualTo("Not yet");

            browser.driver.findElement(By.id("acknowledge")).click();
            browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("acknowledged"),
                    "by " + MANAGER.username()));

            browser.driver.findElement(By.cssSelector("#assess-form textarea[name=summary]"))
                    .sendKeys("The SAML certificate of the agent login expired at 06:00");
            browser.driver.findElement(By.id("assess")).click();
            browser.waitForText("status", "MITIGATING");
            browser.driver.findElement(By.cssSelector("textarea[name=mitigation]"))
                    .sendKeys("Certificate renewed in the identity provider");
            browser.driver.findElement(By.id("mitigate")).click();
            browser.waitForText("status", "MONITORING");
            browser.driver.findElement(By.cssSelector("textarea[name=resolution]"))
                    .sendKeys("Agents log in again; calls answered normally for 30 minutes");
            browser.driver.findElement(By.id("resolve")).click();
            browser.waitForText("status", "RESOLVED");
            assertThat(browser.text("timeline")).contains("TRIAGE → MITIGATING", "MITIGATING → MONITORING",
                    "MONITORING → RESOLVED. Resolved: Agents log in again; calls answered normally for 30 minutes");
        }
        await("the acknowledgement is the incident's, once").atMost(STEP).untilAsserted(() -> {
            JsonPath incident = platform.as("incidents", "vera", Roles.VIEWER).get("/api/v1/incidents/" + incidentId)
                    .then().statusCode(200).extract().jsonPath();
            assertThat(incident.getString("acknowledgedBy")).isEqualTo(MANAGER.username());
            List<String> kinds = platform.as("incidents", "vera", Roles.VIEWER).queryParam("size", 200)
                    .get("/api/v1/incidents/" + incidentId + "/timeline").then().statusCode(200).extract()
                    .jsonPath().getList("items.kind");
            assertThat(kinds).containsOnlyOnce("ACKNOWLEDGED");
            assertThat(kinds).filteredOn("STATUS_CHANGED"::equals).hasSize(3);
            assertThat(incident.getString("status")).isEqualTo("RESOLVED");
            assertThat(incident.getString("resolution"))
                    .isEqualTo("Agents log in again; calls answered normally for 30 minutes");
        });
        await("what the person did in the console reaches the incident's Slack thread").atMost(STEP)
                .untilAsserted(() -> assertThat(platform.slack.messagesIn(slackChannel).stream()
                        .map(message -> message.text()).toList()).anySatisfy(text ->
                                assertThat(text).containsIgnoringCase("resolved")));
    }

    /** Every address in {@code content} that points at this incident's page (JSON escapes undone). */
    private static List<String> linksTo(String incidentId, String content) {
        Matcher links = Pattern.compile("https?://[^\\s\"'<>|,\\]}]+/incidents/" + Pattern.quote(incidentId)
                + "(?![\\w-])").matcher(content.replace("\\/", "/"));
        return links.results().map(MatchResult::group).distinct().toList();
    }

    private static String createChannel(Map<String, Object> channel) {
        return platform.asAdmin("notifications").contentType(ContentType.JSON).body(channel)
                .post("/api/v1/channels").then().statusCode(201).extract().path("id");
    }
}
