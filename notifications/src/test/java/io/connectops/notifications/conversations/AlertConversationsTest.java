package io.connectops.notifications.conversations;

import static io.connectops.notifications.Fixtures.SLACK;
import static io.connectops.notifications.Fixtures.TEAMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.connectops.contracts.Actor;
import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.IncidentEvent;
import io.connectops.contracts.Severity;
import io.connectops.contracts.Topics;
import io.connectops.fakes.ReceivedRequest;
import io.connectops.fakes.SlackFake;
import io.connectops.notifications.Fixtures;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * One conversation per alert group and per incident, through Kafka, routing, the queue and the Slack and Teams fakes:
 * a group's alerts share one parent message that lists them, an incident takes over its alerts' group thread, an
 * alert of an incident speaks in the incident's thread, and a route may keep its alerts apart.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class AlertConversationsTest {

    /** ops.alerts.v1 is shared with every other module's tests: the consumer may first work through their backlog. */
    private static final Duration PATIENCE = Duration.ofSeconds(180);

    @Test
    void aGroupOfTenFiringAlertsIsOneSlackMessageListingThemAndOneTeamsCardSeries() throws Exception {
        String queue = Fixtures.unique("billing");
        String slackChannel = Fixtures.unique("C");
        String workflow = "/workflows/" + Fixtures.unique("flow");
        String slack = Fixtures.slackChannel(slackChannel);
        String teams = Fixtures.teamsChannel(TEAMS.baseUrl(), workflow);
        Fixtures.routeForQueue(queue, slack, teams);
        String group = "{}:{queue=\"" + queue + "\"}";

        List<String> names = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            names.add("Agent " + i + " unavailable too long");
            publish(alert(Fixtures.unique("fp"), group, queue, names.get(i - 1), AlertEvent.State.FIRING,
                    AlertEvent.Announcement.NEW));
        }

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(Fixtures.statuses("channel", slack)).hasSize(10)
                .containsOnly("DELIVERED"));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(Fixtures.statuses("channel", teams)).hasSize(10)
                .containsOnly("DELIVERED"));

        // Slack as a reader sees it: one message in the channel's history, listing the ten.
        JsonNode history = slackApi("conversations.history?channel=" + slackChannel);
        assertThat(history.path("messages")).hasSize(1);
        String parentTs = history.path("messages").path(0).path("ts").asText();
        List<SlackFake.Message> messages = SLACK.messagesIn(slackChannel);
        SlackFake.Message parent = messages.stream().filter(m -> m.ts().equals(parentTs)).findFirst().orElseThrow();
        assertThat(parent.text()).startsWith("[P2][FIRING:10] Agent ").contains("and 9 more", "10 firing");
        String blocks = EventCodec.mapper().valueToTree(parent.blocks()).toString();
        for (String name : names) {
            assertThat(blocks).contains("• [P2] " + name + " — queue " + queue + " — 18.20 (threshold 10)");
        }
        // Alerts announced after the parent went out each add a short reply under it; none is a message of its own.
        List<SlackFake.Message> replies = messages.stream().filter(m -> m.threadTs() != null).toList();
        assertThat(messages).hasSize(1 + replies.size());
        assertThat(replies).extracting(SlackFake.Message::threadTs).containsOnly(parentTs);
        assertThat(replies).allSatisfy(reply -> assertThat(reply.text()).contains("[P2][FIRING] Agent ", "Alert firing"));
        assertThat(parent.edits()).hasSize(replies.size());

        // Teams cannot update a card: the first card lists the group, later ones follow up in its series.
        List<ReceivedRequest> cards = TEAMS.received(workflow);
        assertThat(cards).isNotEmpty();
        assertThat(cards.get(0).body()).contains("[P2][FIRING:", "• [P2] Agent ");
        assertThat(cards.subList(1, cards.size())).allSatisfy(card -> assertThat(card.body()).contains("↳ [P2][FIRING:"));
        assertThat(cards.get(cards.size() - 1).body()).contains("10 firing");
        assertThat(cards.size()).isLessThanOrEqualTo(10);
        assertThat(Fixtures.deliveries("channel", teams).getList("items.lastError", String.class)).containsOnlyNulls();
    }

    @Test
    void anAlertThatOpensAnIncidentIsOneThreadAndItsResolutionGoesIntoTheIncidentsThread() {
        String queue = Fixtures.unique("billing");
        String slackChannel = Fixtures.unique("C");
        String slack = Fixtures.slackChannel(slackChannel);
        Fixtures.routeForQueue(queue, slack);
        String group = "{}:{queue=\"" + queue + "\"}";
        String fingerprint = Fixtures.unique("fp");
        String incidentId = Fixtures.unique("inc");

        alertThenItsIncident(fingerprint, group, queue, slackChannel, incidentId);

        // The P2 is one message in the channel: the alert's parent became the incident's.
        List<SlackFake.Message> messages = SLACK.messagesIn(slackChannel);
        assertThat(messages).hasSize(2);
        SlackFake.Message parent = messages.get(0);
        assertThat(parent.threadTs()).isNull();
        assertThat(parent.edits()).hasSize(1);
        assertThat(parent.text()).isEqualTo("[P2] " + reference(incidentId) + " Billing queue abandonment — Incident opened by Alice");
        assertThat(messages.get(1).threadTs()).isEqualTo(parent.ts());

        publish(alert(fingerprint, group, queue, "Abandonment high", AlertEvent.State.RESOLVED, null));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(Fixtures.statuses("channel", slack)).hasSize(3)
                .containsOnly("DELIVERED"));
        messages = SLACK.messagesIn(slackChannel);
        assertThat(messages).filteredOn(m -> m.threadTs() == null).hasSize(1);
        SlackFake.Message resolved = messages.get(2);
        assertThat(resolved.threadTs()).isEqualTo(parent.ts());
        assertThat(resolved.text()).isEqualTo("[P2][RESOLVED] Abandonment high — Alert resolved");
        // The incident's parent is left as the incident's last message made it.
        assertThat(messages.get(0).edits()).hasSize(1);
        assertThat(messages.get(0).text()).startsWith("[P2] " + reference(incidentId));
    }

    @Test
    void anAlertOfAnIncidentAnnouncedBeforeItRepliesInTheIncidentsThread() {
        String queue = Fixtures.unique("billing");
        String slackChannel = Fixtures.unique("C");
        String slack = Fixtures.slackChannel(slackChannel);
        Fixtures.routeForQueue(queue, slack);
        String fingerprint = Fixtures.unique("fp");
        String incidentId = Fixtures.unique("inc");

        Fixtures.publish(incident(incidentId, IncidentEvent.Change.OPENED, "TRIAGE", queue, List.of(fingerprint)));
        Fixtures.awaitStatuses("incidentId", incidentId, 1, "DELIVERED");
        publish(alert(fingerprint, "{}:{queue=\"" + queue + "\"}", queue, "Abandonment high",
                AlertEvent.State.FIRING, AlertEvent.Announcement.NEW));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(Fixtures.statuses("channel", slack)).hasSize(2)
                .containsOnly("DELIVERED"));

        List<SlackFake.Message> messages = SLACK.messagesIn(slackChannel);
        assertThat(messages.get(0).text()).startsWith("[P2] " + reference(incidentId));
        assertThat(messages.get(1).threadTs()).isEqualTo(messages.get(0).ts());
        assertThat(messages.get(1).text()).isEqualTo("[P2][FIRING] Abandonment high — Alert firing");
        assertThat(messages.get(0).edits()).isEmpty();
    }

    @Test
    void aRouteThatKeepsAlertMessagesSeparatePostsTheAlertGroupBesideTheIncident() {
        String queue = Fixtures.unique("billing");
        String slackChannel = Fixtures.unique("C");
        String slack = Fixtures.slackChannel(slackChannel);
        route(queue, List.of("connectops.alert.*"), slack, true);
        route(queue, List.of("connectops.incident.*"), slack, false);
        String fingerprint = Fixtures.unique("fp");
        String incidentId = Fixtures.unique("inc");
        String group = "{}:{queue=\"" + queue + "\"}";

        alertThenItsIncident(fingerprint, group, queue, slackChannel, incidentId);
        publish(alert(fingerprint, group, queue, "Abandonment high", AlertEvent.State.RESOLVED, null));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(Fixtures.statuses("channel", slack)).hasSize(3)
                .containsOnly("DELIVERED"));

        List<SlackFake.Message> messages = SLACK.messagesIn(slackChannel);
        List<SlackFake.Message> topLevel = messages.stream().filter(m -> m.threadTs() == null).toList();
        assertThat(topLevel).hasSize(2);
        assertThat(topLevel.get(0).text()).startsWith("[P2][RESOLVED] Abandonment high");
        assertThat(topLevel.get(1).text()).startsWith("[P2] " + reference(incidentId));
        assertThat(messages.get(2).threadTs()).isEqualTo(topLevel.get(0).ts());
        assertThat(messages.get(2).text()).isEqualTo("[P2][RESOLVED] Abandonment high — Alert resolved");
        assertThat(topLevel.get(1).edits()).isEmpty();
    }

    @Test
    void separateAlertMessagesIsShownAndRefusedOnRoutesWithoutAlerts() {
        String slack = Fixtures.slackChannel(Fixtures.unique("C"));
        String id = route(Fixtures.unique("q"), List.of("connectops.alert.firing.v1"), slack, true);
        ApiSecurity.as(Roles.VIEWER).get("/api/v1/routes/" + id).then().statusCode(200)
                .body("separateAlertMessages", equalTo(true));
        String plain = Fixtures.routeForQueue(Fixtures.unique("q"), slack);
        ApiSecurity.as(Roles.VIEWER).get("/api/v1/routes/" + plain).then().statusCode(200)
                .body("separateAlertMessages", equalTo(false));

        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("r"), "eventTypes", List.of("connectops.incident.*"),
                        "channelIds", List.of(slack), "separateAlertMessages", true))
                .post("/api/v1/routes").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("separateAlertMessages"));
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("r"), "channelIds", List.of(slack),
                        "separateAlertMessages", "yes"))
                .post("/api/v1/routes").then().statusCode(400);
    }

    /** An alert announced (and posted), then the incident it opened (delivered). */
    private static void alertThenItsIncident(String fingerprint, String group, String queue, String slackChannel,
            String incidentId) {
        publish(alert(fingerprint, group, queue, "Abandonment high", AlertEvent.State.FIRING,
                AlertEvent.Announcement.NEW));
        await().atMost(PATIENCE).until(() -> SLACK.messagesIn(slackChannel).size() == 1);
        Fixtures.publish(incident(incidentId, IncidentEvent.Change.OPENED, "TRIAGE", queue, List.of(fingerprint)));
        Fixtures.awaitStatuses("incidentId", incidentId, 1, "DELIVERED");
    }

    private static String route(String queue, List<String> eventTypes, String channel, boolean separate) {
        Map<String, Object> route = new LinkedHashMap<>();
        route.put("name", Fixtures.unique("route"));
        route.put("position", -100);
        route.put("queues", List.of(queue));
        route.put("eventTypes", eventTypes);
        route.put("channelIds", List.of(channel));
        route.put("separateAlertMessages", separate);
        return ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON).body(route).post("/api/v1/routes")
                .then().statusCode(201).extract().path("id");
    }

    static AlertEvent alert(String fingerprint, String group, String queue, String summary, AlertEvent.State state,
            AlertEvent.Announcement announcement) {
        Instant startsAt = Instant.parse("2026-12-06T09:00:00Z");
        return new AlertEvent(fingerprint, group, "rule-abandonment", "Abandonment", state, Severity.P2,
                Map.of("queue", queue), 18.2, 10.0, summary, "Callers hang up before an agent answers",
                "https://runbooks.example/abandonment", "threshold", startsAt,
                state == AlertEvent.State.RESOLVED ? startsAt.plusSeconds(600) : null, Duration.ofSeconds(10),
                Duration.ofMinutes(5), Duration.ofHours(4), announcement);
    }

    static void publish(AlertEvent alert) {
        TestKafka.send(Topics.ALERTS, alert.fingerprint(),
                CloudEvent.of("/connectops/alerting", alert.type(), alert.fingerprint(), alert));
    }

    private static CloudEvent<IncidentEvent> incident(String incidentId, IncidentEvent.Change change, String status,
            String queue, List<String> fingerprints) {
        IncidentEvent incident = new IncidentEvent(incidentId, reference(incidentId), change, status, Severity.P2,
                "Billing queue abandonment", "Callers wait over 5 minutes", "Abandonment 18% on " + queue,
                List.of(queue), fingerprints, "alice", 0, null, new Actor("sub-1", "Alice"), Instant.now(),
                "https://connectops.example/incidents/" + incidentId);
        return CloudEvent.of("/connectops/incidents", incident.type(), incidentId, incident);
    }

    private static String reference(String incidentId) {
        return "INC-" + incidentId.substring(incidentId.length() - 4);
    }

    private static JsonNode slackApi(String method) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(SLACK.baseUrl() + "/api/" + method))
                .header("Authorization", "Bearer " + Fixtures.SLACK_TOKEN).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode answer = EventCodec.mapper().readTree(response.body());
        assertThat(answer.path("ok").asBoolean()).isTrue();
        return answer;
    }
}
