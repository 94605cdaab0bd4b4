package io.connectops.notifications.senders.slack;

import static io.connectops.notifications.Fixtures.SLACK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventSources;
import io.connectops.contracts.IncidentCommand;
import io.connectops.contracts.IncidentEvent.Change;
import io.connectops.fakes.SlackFake;
import io.connectops.notifications.Fixtures;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;

/**
 * Acknowledge and Resolve buttons on an incident's Slack message, pressed the way Slack reports it: the documented
 * {@code block_actions} payload, form-encoded and signed with the app's signing secret.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class SlackButtonsTest {

    private static final String SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final String MAPPED_USER = "UA8RXUSPL";

    @Test
    void aSignedPressPublishesOneCommandAndAReplayedOrUnsignedOneNothing() {
        Scene scene = incidentOnSlack();
        String ack = form(scene, SlackInteractions.ACKNOWLEDGE, MAPPED_USER, "1548426417.840180");

        press(ack, now(), SlackSignature.sign(SIGNING_SECRET, now(), ack)).statusCode(200)
                .body("duplicate", equalTo(false)).body("text", equalTo("Acknowledging as alice"));
        // The same press again (Slack retried, someone replayed it with a fresh signature): acts once.
        press(ack, now(), SlackSignature.sign(SIGNING_SECRET, now(), ack)).statusCode(200)
                .body("duplicate", equalTo(true));
        // Unsigned, signed with another secret, too old, a body changed after signing: 401, nothing published.
        press(ack, now(), null).statusCode(401).contentType("application/problem+json");
        press(ack, now(), SlackSignature.sign("another-apps-secret", now(), ack)).statusCode(401)
                .contentType("application/problem+json");
        String old = Long.toString(Instant.now().minusSeconds(6 * 60).getEpochSecond());
        press(ack, old, SlackSignature.sign(SIGNING_SECRET, old, ack)).statusCode(401);
        String other = form(scene, SlackInteractions.ACKNOWLEDGE, MAPPED_USER, "1548426417.999999");
        press(other, now(), SlackSignature.sign(SIGNING_SECRET, now(), ack)).statusCode(401);
        // A Slack user the channel does not map to a Connect Ops user is refused.
        String stranger = form(scene, SlackInteractions.RESOLVE, "U0STRANGER", "1548426418.000001");
        press(stranger, now(), SlackSignature.sign(SIGNING_SECRET, now(), stranger)).statusCode(403)
                .contentType("application/problem+json");
        // Then a Resolve press: on the topic right after the acknowledgement, so nothing came in between.
        String resolve = form(scene, SlackInteractions.RESOLVE, MAPPED_USER, "1548426420.000100");
        press(resolve, now(), SlackSignature.sign(SIGNING_SECRET, now(), resolve)).statusCode(200)
                .body("duplicate", equalTo(false));

        List<CloudEvent<IncidentCommand>> commands = Fixtures.commands(scene.incidentId, 2);
        CloudEvent<IncidentCommand> acknowledge = commands.get(0);
        assertThat(acknowledge.type()).isEqualTo("connectops.command.acknowledge.v1");
        assertThat(acknowledge.source()).isEqualTo(EventSources.NOTIFICATIONS);
        assertThat(acknowledge.id()).isEqualTo(acknowledge.data().commandId());
        assertThat(acknowledge.data().action()).isEqualTo(IncidentCommand.Action.ACKNOWLEDGE);
        assertThat(acknowledge.data().actor().id()).isEqualTo("alice");
        assertThat(acknowledge.data().origin()).isEqualTo("slack");
        assertThat(acknowledge.data().originRef()).isEqualTo(scene.parent.ts());
        assertThat(acknowledge.data().requestedAt()).isEqualTo(Instant.parse("2019-01-25T14:26:57.840180Z"));
        IncidentCommand resolved = commands.get(1).data();
        assertThat(resolved.action()).isEqualTo(IncidentCommand.Action.RESOLVE);
        assertThat(resolved.text()).isEqualTo("Resolved from Slack by alice");
    }

    @Test
    void theMessageOffersTheButtonsAndLosesAcknowledgeOnceTheIncidentIsAcknowledged() {
        Scene scene = incidentOnSlack();
        String blocks = String.valueOf(scene.parent.blocks());
        assertThat(blocks).contains("action_id=incident.acknowledge", "action_id=incident.resolve",
                "value=" + scene.incidentId, "url=https://connectops.example/incidents/" + scene.incidentId);

        Fixtures.publish(Fixtures.incident(scene.incidentId, Change.ACKNOWLEDGED, "TRIAGE", null, scene.queue));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(parentOf(scene).edits()).hasSize(1));
        assertThat(String.valueOf(parentOf(scene).blocks())).doesNotContain("incident.acknowledge")
                .contains("incident.resolve", "Acknowledged by Alice");
        // A later change still shows no Acknowledge button; a resolved incident offers no button at all.
        Fixtures.publish(Fixtures.incident(scene.incidentId, Change.STATUS_UPDATE, "MITIGATING", "Rerouting",
                scene.queue));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(parentOf(scene).edits()).hasSize(2));
        assertThat(String.valueOf(parentOf(scene).blocks())).doesNotContain("incident.acknowledge")
                .contains("incident.resolve");
        Fixtures.publish(Fixtures.incident(scene.incidentId, Change.RESOLVED, "RESOLVED", "Carrier fixed it",
                scene.queue));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(parentOf(scene).edits()).hasSize(3));
        assertThat(String.valueOf(parentOf(scene).blocks())).doesNotContain("incident.acknowledge", "incident.resolve")
                .contains("Open incident", "RESOLVED");
    }

    @Test
    void teamsCardsLinkToTheIncidentConsole() {
        String queue = Fixtures.unique("q");
        String incidentId = Fixtures.unique("inc");
        String workflow = "/workflows/" + Fixtures.unique("w");
        Fixtures.routeForQueue(queue, Fixtures.teamsChannel(Fixtures.TEAMS.baseUrl(), workflow));
        Fixtures.publish(Fixtures.incident(incidentId, Change.OPENED, "TRIAGE", "Queue down", queue));
        Fixtures.awaitStatuses("incidentId", incidentId, 1, "DELIVERED");
        String card = Fixtures.TEAMS.received(workflow).get(0).body();
        assertThat(card).contains("\"type\":\"Action.OpenUrl\"", "\"title\":\"Open incident\"",
                "\"url\":\"https://connectops.example/incidents/" + incidentId + "\"");
    }

    /** An incident posted to a Slack channel that has buttons: a signing secret and a mapped user. */
    private static Scene incidentOnSlack() {
        String queue = Fixtures.unique("q");
        String incidentId = Fixtures.unique("inc");
        String slackChannel = Fixtures.unique("C");
        String channel = Fixtures.createChannel(Map.of("name", Fixtures.unique("slack"), "type", "SLACK",
                "settings", Map.of("channel", slackChannel, "apiUrl", SLACK.baseUrl() + "/api",
                        "actors", "{\"" + MAPPED_USER + "\":\"alice\"}"),
                "secrets", Map.of("botToken", Fixtures.SLACK_TOKEN, "signingSecret", SIGNING_SECRET)));
        Fixtures.routeForQueue(queue, channel);
        Fixtures.publish(Fixtures.incident(incidentId, Change.OPENED, "TRIAGE", "Queue down", queue));
        Fixtures.awaitStatuses("incidentId", incidentId, 1, "DELIVERED");
        return new Scene(queue, incidentId, slackChannel, SLACK.messagesIn(slackChannel).get(0));
    }

    private record Scene(String queue, String incidentId, String slackChannel, SlackFake.Message parent) {
    }

    private static SlackFake.Message parentOf(Scene scene) {
        return SLACK.messagesIn(scene.slackChannel).stream().filter(m -> m.ts().equals(scene.parent.ts())).findFirst()
                .orElseThrow();
    }

    /** Slack's documented block_actions payload for a press on the scene's message, form-encoded as Slack posts it. */
    private static String form(Scene scene, String actionId, String userId, String actionTs) {
        try (InputStream in = SlackButtonsTest.class.getResourceAsStream("/slack/block_actions.json")) {
            String payload = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${userId}", userId).replace("${messageTs}", scene.parent.ts())
                    .replace("${channelId}", scene.slackChannel).replace("${actionId}", actionId)
                    .replace("${incidentId}", scene.incidentId).replace("${actionTs}", actionTs);
            return "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ValidatableResponse press(String body, String timestamp, String signature) {
        var request = RestAssured.given().contentType("application/x-www-form-urlencoded; charset=utf-8")
                .header("X-Slack-Request-Timestamp", timestamp).body(body);
        if (signature != null) {
            request = request.header("X-Slack-Signature", signature);
        }
        return request.post("/api/v1/slack/interactions").then();
    }

    private static String now() {
        return Long.toString(Instant.now().getEpochSecond());
    }
}
