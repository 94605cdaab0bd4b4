package io.connectops.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.connectops.fakes.SlackFake;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.TestTokens;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * Commands from outside reaching an incident across the processes, over ops.commands.v1: a button pressed in Slack
 * (issue 18 item 4) and a comment and a resolution made in ServiceNow (issue 17 item 3). The test plays Slack and
 * the ServiceNow business rule: it signs the press with the channel's signing secret exactly as Slack does, and
 * posts what the rule sends for a change made on the record in the ServiceNow fake.
 */
class ChatAndServiceNowCommandsStoryTest {

    private static final Duration STEP = Duration.ofSeconds(60);
    private static final String MANAGER = "irene-im";
    /** Slack user ids (Slack's documented form) and the Connect Ops users the channel's actors setting maps them to. */
    private static final String IRENE_IN_SLACK = "U024BE7LH";
    private static final String OMAR_IN_SLACK = "U0G9QF9C6";
    private static final String OMAR = "omar-oncall";
    private static final String ACKNOWLEDGE = "incident.acknowledge";

    private static Platform platform;

    @BeforeAll
    static void startPlatform() {
        platform = Platform.get();
    }

    /**
     * A responder presses Acknowledge in the incident's Slack thread: the incident is acknowledged once, by the
     * Connect Ops user the Slack user maps to, and the message loses its Acknowledge button. The same press replayed,
     * an unsigned press and one signed with another app's secret change nothing; a second responder pressing
     * Acknowledge on a copy of the message still showing the button is recorded as refused.
     */
    @Test
    void aSignedSlackPressAcknowledgesTheIncidentOnceAndTheMessageLosesItsAcknowledgeButton() {
        EventLedger ledger = EventLedger.start();
        Scene scene = new Scene();
        scene.incidentIsOnSlackAndServiceNow();
        SlackFake.Message parent = scene.parent();
        assertThat(String.valueOf(parent.blocks())).contains("action_id=" + ACKNOWLEDGE,
                "action_id=incident.resolve", "value=" + scene.incidentId);

        Press press = scene.press(IRENE_IN_SLACK, "1764979200.000100");
        press.send(scene.signingSecret).statusCode(200).body("duplicate", Matchers.equalTo(false))
                .body("text", Matchers.equalTo("Acknowledging as " + MANAGER));

        await("the incident is acknowledged").atMost(STEP).untilAsserted(() ->
                assertThat(scene.incident().getString("acknowledgedBy")).isEqualTo(MANAGER));
        assertThat(scene.incident().getString("status")).isEqualTo("TRIAGE");
        await("the Slack message loses its Acknowledge button").atMost(STEP).untilAsserted(() -> {
            SlackFake.Message updated = scene.parent();
            assertThat(updated.edits()).isNotEmpty();
            assertThat(String.valueOf(updated.blocks())).doesNotContain(ACKNOWLEDGE).contains("incident.resolve");
            assertThat(scene.replies()).singleElement()
                    .satisfies(reply -> assertThat(reply.text()).contains("Acknowledged", MANAGER));
        });

        // Slack retrying, or someone replaying the captured request: answered, nothing published.
        press.send(scene.signingSecret).statusCode(200).body("duplicate", Matchers.equalTo(true));
        press.sendUnsigned().statusCode(401).contentType("application/problem+json");
        press.send("another-apps-signing-secret").statusCode(401).contentType("application/problem+json");
        // Omar's Slack still showed the button: his press is a command, and the lifecycle refuses it.
        scene.press(OMAR_IN_SLACK, "1764979260.000200").send(scene.signingSecret).statusCode(200)
                .body("duplicate", Matchers.equalTo(false));

        // Commands are keyed by incident: once Omar's is applied, anything published before it was applied too.
        await("the second acknowledgement is refused").atMost(STEP).untilAsserted(() ->
                assertThat(scene.timeline()).filteredOn(e -> "COMMAND_REFUSED".equals(e.get("kind"))).singleElement()
                        .satisfies(e -> {
                            assertThat(e.get("actorId")).isEqualTo(OMAR);
                            assertThat((String) e.get("text")).startsWith("Acknowledge from slack")
                                    .contains("already acknowledged by " + MANAGER);
                        }));
        List<Map<String, Object>> timeline = scene.timeline();
        assertThat(timeline).filteredOn(e -> "ACKNOWLEDGED".equals(e.get("kind"))).singleElement()
                .satisfies(e -> {
                    assertThat(e.get("actorId")).isEqualTo(MANAGER);
                    assertThat(e.get("actorName")).isEqualTo(MANAGER);
                });
        assertThat(timeline).noneMatch(e -> "STATUS_CHANGED".equals(e.get("kind")));
        assertThat(scene.incident().getString("acknowledgedBy")).isEqualTo(MANAGER);

        scene.everyDeliveryDelivered(4);
        assertThat(scene.replies()).hasSize(1);
        assertThat(scene.parent().edits()).hasSize(1);
        assertThat(ledger.deadLettersSinceStart()).as("records dead-lettered during the story").isEmpty();
        ledger.assertEveryKeyInCommitOrder();
    }

    /**
     * Someone comments on the incident's ServiceNow record and then resolves it there. Connect Ops puts the comment on
     * the timeline and in the Slack thread, never back on the record, and resolves the incident with the ServiceNow
     * resolution as {@code servicenow:<user>}; its own write coming back through the business rule and a retried
     * callback command nothing.
     */
    @Test
    void aCommentAndAResolutionMadeInServiceNowReachTheIncidentAndItsSlackThreadButNotServiceNowAgain() {
        EventLedger ledger = EventLedger.start();
        Scene scene = new Scene();
        scene.incidentIsOnSlackAndServiceNow();
        scene.managerAssessesAndMitigates();
        String sysId = (String) scene.serviceNowRecord().get("sys_id");
        String comment = "Customer confirms calls connect again (" + scene.id + ")";
        String resolution = "Carrier replaced the line card (" + scene.id + ")";

        scene.serviceNowRuleSends(platform.serviceNow.commentThere(sysId, "carol.diaz", "comments", comment))
                .body("kind", Matchers.equalTo("COMMENTED"))
                .body("commands", Matchers.contains("COMMENT"));
        await("the comment is on the timeline").atMost(STEP).untilAsserted(() ->
                assertThat(scene.timeline()).filteredOn(e -> "COMMENT".equals(e.get("kind"))).singleElement()
                        .satisfies(e -> {
                            assertThat(e.get("text")).isEqualTo(comment);
                            assertThat(e.get("actorId")).isEqualTo("servicenow:carol.diaz");
                            assertThat(e.get("actorName")).isEqualTo("carol.diaz");
                        }));
        await("the comment is in the Slack thread").atMost(STEP).untilAsserted(() ->
                assertThat(scene.replies()).filteredOn(reply -> String.valueOf(reply.blocks()).contains(comment))
                        .singleElement().satisfies(reply -> {
                            assertThat(reply.threadTs()).isEqualTo(scene.parent().ts());
                            assertThat(reply.text()).contains("Comment from carol.diaz");
                        }));

        Map<String, Object> resolved = platform.serviceNow.resolveThere(sysId, "bob.jones", "Solved (Permanently)",
                resolution);
        scene.serviceNowRuleSends(resolved).body("kind", Matchers.equalTo("RESOLVED"))
                .body("commands", Matchers.contains("RESOLVE"));
        // The business rule retried after a timeout on its side.
        scene.serviceNowRuleSends(resolved).body("duplicate", Matchers.equalTo(true))
                .body("commands", Matchers.empty());
        await("the incident is resolved").atMost(STEP).untilAsserted(() ->
                assertThat(scene.incident().getString("status")).isEqualTo("RESOLVED"));
        assertThat(scene.incident().getString("resolution")).isEqualTo(resolution);
        assertThat(scene.timeline()).filteredOn(e -> "STATUS_CHANGED".equals(e.get("kind"))
                && "RESOLVED".equals(e.get("status"))).singleElement()
                .satisfies(e -> assertThat(e.get("actorId")).isEqualTo("servicenow:bob.jones"));

        // Opened, assessed, mitigated, resolved to both channels; the comment to Slack only.
        scene.everyDeliveryDelivered(9);
        assertThat(scene.deliveries()).filteredOn(d -> "SERVICENOW".equals(d.get("channelType")))
                .extracting(d -> d.get("sourceEventType"))
                .containsExactlyInAnyOrder("connectops.incident.opened.v1", "connectops.incident.assessed.v1",
                        "connectops.incident.mitigated.v1", "connectops.incident.resolved.v1");
        assertThat(scene.replies()).filteredOn(reply -> String.valueOf(reply.blocks()).contains(resolution))
                .singleElement().satisfies(reply -> assertThat(reply.threadTs()).isEqualTo(scene.parent().ts()));
        Map<String, Object> record = scene.serviceNowRecord();
        assertThat(record).containsEntry("state", "6").containsEntry("active", "false")
                .containsEntry("close_code", "Solved (Permanently)").containsEntry("close_notes", resolution);
        List<String> workNotes = platform.serviceNow.workNotes(sysId);
        assertThat(workNotes).hasSize(4).noneMatch(note -> note.contains(comment));

        // Connect Ops' own resolution note, coming back through the business rule as the integration user.
        scene.serviceNowRuleSends(platform.serviceNow.commentThere(sysId, Platform.SERVICENOW_USER, "work_notes",
                workNotes.get(workNotes.size() - 1))).body("commands", Matchers.empty());
        List<Map<String, Object>> timeline = scene.timeline();
        assertThat(timeline).filteredOn(e -> "COMMENT".equals(e.get("kind"))).hasSize(1);
        assertThat(timeline).noneMatch(e -> "COMMAND_REFUSED".equals(e.get("kind")));
        assertThat(platform.serviceNow.workNotes(sysId)).hasSize(4);
        assertThat(ledger.deadLettersSinceStart()).as("records dead-lettered during the story").isEmpty();
        ledger.assertEveryKeyInCommitOrder();
    }

    /** One incident opened by hand on a queue of its own, routed to its own Slack and ServiceNow channels. */
    private static final class Scene {

        final String id = UUID.randomUUID().toString().substring(0, 8);
        final String queue = "commands-e2e-" + id;
        /** Slack answers and reports a channel by its id; the channel setting is that id. */
        final String slackChannel = "C0E2E" + id.toUpperCase();
        final String signingSecret = UUID.randomUUID().toString().replace("-", "");
        String incidentId;
        String reference;

        Scene() {
            String slack = createChannel(Map.of("name", "Slack commands " + id, "type", "SLACK",
                    "settings", Map.of("channel", slackChannel, "apiUrl", platform.slack.baseUrl() + "/api",
                            "actors", "{\"" + IRENE_IN_SLACK + "\":\"" + MANAGER + "\",\"" + OMAR_IN_SLACK
                                    + "\":\"" + OMAR + "\"}"),
                    "secrets", Map.of("botToken", Platform.SLACK_TOKEN, "signingSecret", signingSecret)));
            String serviceNow = createChannel(Map.of("name", "ServiceNow commands " + id, "type", "SERVICENOW",
                    "settings", Map.of("instanceUrl", platform.serviceNow.baseUrl(),
                            "username", Platform.SERVICENOW_USER),
                    "secrets", Map.of("password", Platform.SERVICENOW_PASSWORD)));
            platform.asAdmin("notifications").contentType(ContentType.JSON).body(Map.of(
                    "name", "Commands story " + id,
                    "eventTypes", List.of("connectops.incident.*"),
                    "queues", List.of(queue),
                    "channelIds", List.of(slack, serviceNow),
                    "continue", true))
                    .post("/api/v1/routes").then().statusCode(201);
        }

        private static String createChannel(Map<String, Object> channel) {
            return platform.asAdmin("notifications").contentType(ContentType.JSON).body(channel)
                    .post("/api/v1/channels").then().statusCode(201).extract().path("id");
        }

        void incidentIsOnSlackAndServiceNow() {
            JsonPath opened = manager().contentType(ContentType.JSON).body(Map.of(
                    "title", "Calls to Billing drop after 20 seconds (" + id + ")",
                    "severity", "P3",
                    "impact", "Billing callers are cut off",
                    "queues", List.of(queue)))
                    .post("/api/v1/incidents").then().statusCode(201).extract().jsonPath();
            incidentId = opened.getString("id");
            reference = opened.getString("reference");
            await("the incident reaches Slack and ServiceNow").atMost(STEP).untilAsserted(() -> {
                assertThat(platform.slack.messagesIn(slackChannel)).hasSize(1);
                assertThat(serviceNowRecords()).hasSize(1);
            });
            assertThat(parent().threadTs()).isNull();
            assertThat(parent().text()).contains(reference);
        }

        void managerAssessesAndMitigates() {
            manager().contentType(ContentType.JSON).body(Map.of("severity", "P3",
                    "impact", "Billing callers are cut off after 20 seconds",
                    "summary", "The carrier drops calls on one trunk", "commander", MANAGER))
                    .post("/api/v1/incidents/" + incidentId + "/assess").then().statusCode(200)
                    .body("status", Matchers.equalTo("MITIGATING"));
            manager().contentType(ContentType.JSON).body(Map.of("mitigation", "Billing calls routed to the second trunk"))
                    .post("/api/v1/incidents/" + incidentId + "/mitigate").then().statusCode(200)
                    .body("status", Matchers.equalTo("MONITORING"));
            everyDeliveryDelivered(6);
        }

        /** Slack's documented block_actions payload for a press of Acknowledge on this incident's message. */
        Press press(String slackUser, String actionTs) {
            try (InputStream in = ChatAndServiceNowCommandsStoryTest.class
                    .getResourceAsStream("/slack/block_actions.json")) {
                String payload = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                        .replace("${userId}", slackUser).replace("${messageTs}", parent().ts())
                        .replace("${channelId}", slackChannel).replace("${actionId}", ACKNOWLEDGE)
                        .replace("${incidentId}", incidentId).replace("${actionTs}", actionTs);
                return new Press("payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8),
                        Long.toString(Instant.now().getEpochSecond()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** What the README's business rule posts for a change on the record, with the instance's client token. */
        ValidatableResponse serviceNowRuleSends(Map<String, Object> callback) {
            return RestAssured.given().baseUri(platform.url("notifications"))
                    .header("Authorization", TestTokens.bearer(TestTokens.forClient("servicenow-instance",
                            Roles.SERVICENOW)))
                    .contentType(ContentType.JSON).body(callback).post("/api/v1/servicenow/events")
                    .then().statusCode(202);
        }

        /** Every delivery of the incident, {@code count} of them, delivered (none retrying or dead-lettered). */
        void everyDeliveryDelivered(int count) {
            await(count + " deliveries delivered").atMost(STEP).untilAsserted(() ->
                    assertThat(deliveries()).hasSize(count).allMatch(d -> "DELIVERED".equals(d.get("status"))));
        }

        SlackFake.Message parent() {
            return platform.slack.messagesIn(slackChannel).get(0);
        }

        List<SlackFake.Message> replies() {
            List<SlackFake.Message> thread = platform.slack.messagesIn(slackChannel);
            assertThat(thread.subList(1, thread.size())).allMatch(m -> thread.get(0).ts().equals(m.threadTs()));
            return thread.subList(1, thread.size());
        }

        List<Map<String, Object>> serviceNowRecords() {
            return platform.serviceNow.incidents().stream()
                    .filter(r -> ("connectops:incident:" + incidentId).equals(r.get("correlation_id"))).toList();
        }

        Map<String, Object> serviceNowRecord() {
            return serviceNowRecords().stream().reduce((a, b) -> {
                throw new AssertionError("two ServiceNow records for " + reference);
            }).orElseThrow();
        }

        JsonPath incident() {
            return viewer("incidents").get("/api/v1/incidents/" + incidentId).then().statusCode(200).extract()
                    .jsonPath();
        }

        List<Map<String, Object>> timeline() {
            return viewer("incidents").queryParam("size", 200).get("/api/v1/incidents/" + incidentId + "/timeline")
                    .then().statusCode(200).extract().jsonPath().getList("items");
        }

        List<Map<String, Object>> deliveries() {
            return platform.asAdmin("notifications").queryParam("incidentId", incidentId).queryParam("size", 100)
                    .get("/api/v1/deliveries").then().statusCode(200).extract().jsonPath().getList("items");
        }

        private static RequestSpecification manager() {
            return platform.as("incidents", MANAGER, Roles.INCIDENT_MANAGER);
        }

        private static RequestSpecification viewer(String service) {
            return platform.as(service, "vera", Roles.VIEWER);
        }
    }

    /**
     * One press as Slack posts it to the interactivity request URL: the form body, its timestamp and
     * {@code X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:<timestamp>:<body>">}, sent byte for byte as signed.
     */
    private record Press(String body, String timestamp) {

        ValidatableResponse send(String signingSecret) {
            return post(signature(signingSecret));
        }

        ValidatableResponse sendUnsigned() {
            return post(null);
        }

        private String signature(String signingSecret) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                byte[] digest = mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8));
                return "v0=" + HexFormat.of().formatHex(digest);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        private ValidatableResponse post(String signature) {
            // Slack sends the bare media type; the body is ASCII (URL-encoded), so its bytes are the ones signed.
            RequestSpecification request = RestAssured.given().baseUri(platform.url("notifications"))
                    .config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
                            .appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                    .contentType("application/x-www-form-urlencoded")
                    .header("X-Slack-Request-Timestamp", timestamp).body(body);
            if (signature != null) {
                request.header("X-Slack-Signature", signature);
            }
            return request.post("/api/v1/slack/interactions").then();
        }
    }
}
