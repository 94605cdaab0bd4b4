package io.connectops.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.connectops.fakes.SlackFake;
import io.connectops.platform.security.Roles;
import io.restassured.http.ContentType;

/**
 * SLA escalation across a SIGKILL: the incidents process dies with an incident's SLA timers pending and starts again.
 * The timers live in the database, not in the process, so each escalation still happens once, when it is due, and
 * reaches the incident's Slack thread once.
 */
class EscalationAfterRestartTest {

    /** The P4 SLAs the platform's incidents process runs with (see {@link Platform}). */
    static final Duration P4_ASSESS_SLA = Duration.ofSeconds(20);
    static final Duration P4_RESOLVE_SLA = Duration.ofSeconds(40);

    private static Platform platform;

    @BeforeAll
    static void startPlatform() {
        platform = Platform.get();
    }

    @Test
    void anSlaBreachEscalatesOnceWhenIncidentsIsKilledBeforeItIsDue() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String queue = "q-escalation-" + id;
        String slackChannel = "#ops-escalation-" + id;
        platform.routeIncidentsToSlack("Escalations " + id, slackChannel, List.of(queue));

        String incidentId = platform.as("incidents", "irene-im", Roles.INCIDENT_MANAGER).contentType(ContentType.JSON)
                .body(Map.of("title", "IVR prompts missing on " + queue, "severity", "P4",
                        "impact", "Callers hear silence before the menu", "queues", List.of(queue)))
                .post("/api/v1/incidents").then().statusCode(201).extract().path("id");

        ServiceProcess incidents = platform.service("incidents");
        incidents.kill();
        incidents.restart();

        await("both escalation levels").atMost(P4_RESOLVE_SLA.plus(Duration.ofSeconds(60)))
                .until(() -> escalationLevel(incidentId) == 2);
        List<Map<String, Object>> escalations = platform.as("incidents", "vera", Roles.VIEWER)
                .queryParam("kind", "ESCALATED").queryParam("size", 50)
                .get("/api/v1/incidents/" + incidentId + "/timeline")
                .then().statusCode(200).extract().jsonPath().getList("items");
        assertThat(escalations).extracting(e -> e.get("text").toString())
                .satisfiesExactly(
                        first -> assertThat(first).contains("escalated to engineering (level 1)"),
                        second -> assertThat(second).contains("escalated to vendor-support (level 2)"));

        // Opened, then the two escalations: one thread, each message once.
        await("the escalations reach Slack").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(platform.slack.messagesIn(slackChannel)).hasSize(3));
        List<SlackFake.Message> thread = platform.slack.messagesIn(slackChannel);
        assertThat(thread.subList(1, 3)).allMatch(reply -> thread.get(0).ts().equals(reply.threadTs()));
        assertThat(thread.get(1).text()).contains("Escalated to engineering");
        assertThat(thread.get(2).text()).contains("Escalated to vendor-support");
    }

    private static int escalationLevel(String incidentId) {
        return platform.as("incidents", "vera", Roles.VIEWER).get("/api/v1/incidents/" + incidentId)
                .then().statusCode(200).extract().path("escalationLevel");
    }
}
