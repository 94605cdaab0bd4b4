package io.connectops.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.connectops.contracts.EventCodec;
import io.connectops.fakes.SlackFake;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * Alerts that Alertmanager, Grafana and Prometheus evaluated, sent to Connect Ops as those tools send them (payloads
 * from their documentation, {@code src/test/resources/receivers}), across the separate processes on the real broker
 * and database: metrics-ingest receives them → ops.external-alerts.v1 → alerting applies silences and grouping →
 * ops.alerts.v1 → incidents opens one incident per group → notifications posts its Slack thread. Each test keeps to
 * its own instance and queue labels, Slack channel and route.
 */
class AlertmanagerSourcedStoryTest {

    private static final Duration STEP = Duration.ofSeconds(90);
    /** metrics-ingest's receivers: Alertmanager's webhook, Grafana's contact point, Alertmanager's own API. */
    private static final String ALERTMANAGER = "/api/v1/ingest/alertmanager";
    private static final String GRAFANA = "/api/v1/ingest/grafana";
    private static final String PROMETHEUS = "/api/v2/alerts";
    /** Alerting's id for the alerts of an origin no rule claims: {@code external:<origin>}. */
    private static final String UNCLAIMED_ALERTMANAGER = "external:alertmanager";
    private static final SecureRandom RANDOM = new SecureRandom();

    private static Platform platform;
    private static TopicLog topics;

    @BeforeAll
    static void startPlatform() {
        platform = Platform.get();
        topics = TopicLog.start(Platform.kafkaBootstrapServers());
    }

    @AfterAll
    static void stopReading() {
        if (topics != null) {
            topics.close();
        }
    }

    /**
     * One Alertmanager notification with two alerts of one group (its {@code group_by: [alertname]}): both fire in
     * Connect Ops in one group, open one incident with both attached, and the incident is one Slack thread. The
     * group notified again (Alertmanager's repeat) changes nothing; its resolution resolves both.
     */
    @Test
    void anAlertmanagerGroupOpensOneIncidentWithBothAlertsInOneSlackThread() {
        Story story = new Story();
        story.routeIncidentsToSlack(story.queueId);
        ObjectNode firing = story.alertmanagerGroup(story.queueId);

        post(ALERTMANAGER, firing).body("alerts", equalTo(2))
                .body("published", equalTo(2));

        await("both alerts fire in one group").atMost(STEP).untilAsserted(() -> {
            List<Map<String, Object>> alerts = story.alertsOf(story.queueId);
            assertThat(alerts).hasSize(2).allSatisfy(alert -> {
                assertThat(alert.get("state")).isEqualTo("FIRING");
                assertThat(alert.get("severity")).isEqualTo("P2");
                assertThat(alert.get("suppressedBy")).isNull();
                assertThat(alert.get("publishedState")).isEqualTo("FIRING");
                assertThat(labelsOf(alert)).containsEntry("origin", "alertmanager")
                        .containsEntry("alertname", "ProbeFailure").containsEntry("job", "http_checks");
            });
            assertThat(alerts).extracting(alert -> alert.get("groupKey")).containsOnly(alerts.get(0).get("groupKey"));
            assertThat(alerts).extracting(alert -> labelsOf(alert).get("instance"))
                    .containsExactlyInAnyOrder("https://server.example.org", "https://api.example.org");
        });

        await("one incident with both alerts").atMost(STEP).untilAsserted(() -> {
            assertThat(story.incidentsOf(story.queueId)).hasSize(1);
            assertThat(story.timeline(story.incidentOf(story.queueId)))
                    .filteredOn(entry -> "ALERT_ATTACHED".equals(entry.get("kind"))).hasSize(2);
        });
        JsonPath incident = story.incidentsOf(story.queueId).get(0);
        String incidentId = incident.getString("id");
        assertThat(incident.getString("status")).isEqualTo("TRIAGE");
        assertThat(incident.getString("severity")).isEqualTo("P2");
        assertThat(incident.getString("source")).isEqualTo("ALERT");
        assertThat(incident.getString("instanceId")).isEqualTo(story.instanceId);
        assertThat(incident.getString("title")).startsWith("BlackBox Probe Failure: https://");

        // Opened by one alert, the other attached: two incident events, one conversation.
        await("the incident's Slack thread").atMost(STEP).untilAsserted(() ->
                assertThat(story.slackMessages()).hasSize(2));
        List<SlackFake.Message> messages = story.slackMessages();
        SlackFake.Message parent = messages.get(0);
        assertThat(parent.threadTs()).as("one top-level message").isNull();
        assertThat(messages.subList(1, messages.size())).allMatch(reply -> parent.ts().equals(reply.threadTs()));
        assertThat(parent.text()).contains(incident.getString("reference"));

        // Alertmanager notifies a group again every repeat_interval: nothing new is published.
        post(ALERTMANAGER, firing).body("published", equalTo(0));

        post(ALERTMANAGER, resolved(firing)).body("published", equalTo(2));
        await("both alerts resolve").atMost(STEP).untilAsserted(() -> {
            assertThat(story.alertsOf(story.queueId)).extracting(alert -> alert.get("state"))
                    .containsExactly("RESOLVED", "RESOLVED");
            assertThat(story.timeline(incidentId))
                    .filteredOn(entry -> "ALERT_RESOLVED".equals(entry.get("kind"))).hasSize(2);
        });
        assertThat(story.incidentsOf(story.queueId)).hasSize(1);
        assertThat(story.slackMessages()).filteredOn(message -> message.threadTs() == null).hasSize(1);
    }

    /**
     * A silence made in Connect Ops on a label of Alertmanager's alert mutes it: alerting records it firing and
     * silenced, nothing reaches ops.alerts.v1, no incident opens and Slack hears nothing. An alert of the same
     * notification shape without that label, posted after, opens its incident and reaches the same channel: the
     * path was open all along.
     */
    @Test
    void aSilenceMadeInConnectOpsMutesAnAlertmanagerAlert() {
        Story story = new Story();
        String team = "payments-" + story.id;
        String silencedQueue = story.queueId + "-silenced";
        story.routeIncidentsToSlack(silencedQueue, story.queueId);
        String silenceId = platform.asAdmin("alerting").contentType(ContentType.JSON).body(Map.of(
                "matchers", List.of(Map.of("label", "team", "values", List.of(team))),
                "endsAt", Instant.now().plus(Duration.ofHours(1)).toString(),
                "comment", "Payments probes are being moved; their failures are expected"))
                .post("/api/v1/silences").then().statusCode(201).extract().path("id");

        ObjectNode silenced = story.alertmanagerGroup(silencedQueue);
        ((ArrayNode) silenced.get("alerts")).remove(1);
        ObjectNode probe = (ObjectNode) silenced.get("alerts").get(0);
        ((ObjectNode) probe.get("labels")).put("team", team);
        // The probe has been failing since before the silence was made: as in Alertmanager, what is silenced is
        // decided when the alert arrives, not at its origin's start.
        probe.put("startsAt", Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MILLIS).toString());
        post(ALERTMANAGER, silenced).body("published", equalTo(1));

        await("the alert fires silenced").atMost(STEP).untilAsserted(() ->
                assertThat(story.alertsOf(silencedQueue)).singleElement().satisfies(alert -> {
                    assertThat(alert.get("state")).isEqualTo("FIRING");
                    assertThat(alert.get("suppressedBy")).isEqualTo(silenceId);
                    assertThat(alert.get("publishedState")).isNull();
                }));
        String silencedFingerprint = (String) story.alertsOf(silencedQueue).get(0).get("fingerprint");

        ObjectNode heard = story.alertmanagerGroup(story.queueId);
        ((ArrayNode) heard.get("alerts")).remove(1);
        post(ALERTMANAGER, heard).body("published", equalTo(1));
        await("the unsilenced alert opens its incident and reaches Slack").atMost(STEP).untilAsserted(() -> {
            assertThat(story.incidentsOf(story.queueId)).hasSize(1);
            assertThat(story.slackMessages()).hasSize(1);
        });
        String heardFingerprint = (String) story.alertsOf(story.queueId).get(0).get("fingerprint");
        await("the unsilenced alert on ops.alerts.v1").atMost(STEP).untilAsserted(() ->
                assertThat(topics.fingerprints(UNCLAIMED_ALERTMANAGER)).contains(heardFingerprint));

        assertThat(story.incidentsOf(silencedQueue)).as("no incident for the silenced alert").isEmpty();
        assertThat(story.slackMessages()).singleElement().satisfies(message ->
                assertThat(message.text()).contains(story.incidentsOf(story.queueId).get(0).getString("reference")));
        assertThat(topics.fingerprints(UNCLAIMED_ALERTMANAGER)).doesNotContain(silencedFingerprint);
        assertThat(story.alertsOf(silencedQueue)).singleElement()
                .satisfies(alert -> assertThat(alert.get("suppressedBy")).isEqualTo(silenceId));
    }

    /**
     * Grafana Alerting's webhook contact point, as its documentation shows it (two alerts, no severity label: the
     * default P3), fires and resolves.
     */
    @Test
    void aGrafanaWebhookIsAcceptedFiresAndResolves() {
        Story story = new Story();
        ObjectNode firing = fixture("grafana-webhook.json");
        for (JsonNode alert : firing.get("alerts")) {
            story.scope((ObjectNode) alert, story.queueId);
        }

        post(GRAFANA, firing).body("alerts", equalTo(2))
                .body("published", equalTo(2));
        await("Grafana's alerts fire").atMost(STEP).untilAsserted(() -> {
            List<Map<String, Object>> alerts = story.alertsOf(story.queueId);
            assertThat(alerts).extracting(alert -> alert.get("ruleName"))
                    .containsExactlyInAnyOrder("High memory usage", "High CPU usage");
            assertThat(alerts).allSatisfy(alert -> {
                assertThat(alert.get("state")).isEqualTo("FIRING");
                assertThat(alert.get("severity")).isEqualTo("P3");
                assertThat(labelsOf(alert)).containsEntry("origin", "grafana").containsEntry("team", "blue");
            });
        });

        post(GRAFANA, resolved(firing)).body("published", equalTo(2));
        await("Grafana's alerts resolve").atMost(STEP).untilAsserted(() ->
                assertThat(story.alertsOf(story.queueId)).extracting(alert -> alert.get("state"))
                        .containsExactly("RESOLVED", "RESOLVED"));
    }

    /**
     * A Prometheus server with Connect Ops as its Alertmanager posts its firing alert to {@code POST /api/v2/alerts}
     * with an end a few evaluations ahead; once the condition clears it posts it again with an end now.
     */
    @Test
    void aPrometheusServerPostsItsAlertsToTheAlertmanagerApi() {
        Story story = new Story();
        ArrayNode posted = (ArrayNode) read("prometheus-postable-alerts.json");
        ObjectNode alert = (ObjectNode) posted.get(0);
        ((ObjectNode) alert.get("labels")).put("instance_id", story.instanceId).put("queue_id", story.queueId);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        alert.put("startsAt", now.minus(Duration.ofMinutes(5)).toString());
        alert.put("endsAt", now.plus(Duration.ofMinutes(4)).toString());

        post(PROMETHEUS, posted).body("alerts", equalTo(1))
                .body("published", equalTo(1));
        await("Prometheus' alert fires").atMost(STEP).untilAsserted(() ->
                assertThat(story.alertsOf(story.queueId)).singleElement().satisfies(fired -> {
                    assertThat(fired.get("state")).isEqualTo("FIRING");
                    assertThat(fired.get("ruleName")).isEqualTo("InstanceDown");
                    assertThat(fired.get("severity")).isEqualTo("P3");
                    assertThat(labelsOf(fired)).containsEntry("origin", "prometheus")
                            .containsEntry("instance", "node-exporter:9100");
                }));

        alert.put("endsAt", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        post(PROMETHEUS, posted).body("published", equalTo(1));
        await("Prometheus' alert resolves").atMost(STEP).untilAsserted(() ->
                assertThat(story.alertsOf(story.queueId)).singleElement()
                        .satisfies(fired -> assertThat(fired.get("state")).isEqualTo("RESOLVED")));
    }

    // ------------------------------------------------------------------ sending as the tools do

    /** Posts as the tools do: a token of a confidential client with role ingest (their oauth2 client credentials). */
    private static ValidatableResponse post(String path, JsonNode body) {
        return given().baseUri(platform.url("metrics-ingest"))
                .header("Authorization", TestTokens.bearer(TestTokens.forClient("alertmanager", Roles.INGEST)))
                .contentType(ContentType.JSON).body(json(body))
                .post(path).then().statusCode(200);
    }

    /** The notification the tool sends once its alerts cleared: every alert resolved, with its end. */
    private static ObjectNode resolved(ObjectNode firing) {
        ObjectNode resolved = firing.deepCopy();
        resolved.put("status", "resolved");
        if (resolved.has("state")) {
            // Grafana's own state of the notification: "ok" once every alert of it resolved.
            resolved.put("state", "ok");
        }
        String now = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        for (JsonNode alert : resolved.get("alerts")) {
            ((ObjectNode) alert).put("status", "resolved").put("endsAt", now);
        }
        return resolved;
    }

    private static ObjectNode fixture(String name) {
        return (ObjectNode) read(name);
    }

    private static JsonNode read(String name) {
        try (InputStream in = AlertmanagerSourcedStoryTest.class.getResourceAsStream("/receivers/" + name)) {
            return EventCodec.mapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(Object value) {
        try {
            return EventCodec.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> labelsOf(Map<String, Object> alert) {
        return (Map<String, String>) alert.get("labels");
    }

    /** A fingerprint of this run, in Alertmanager's form (16 hex digits). */
    private static String fingerprint() {
        return String.format("%016x", RANDOM.nextLong());
    }

    /** One test's labels, channel and route. */
    private static final class Story {

        final String id = UUID.randomUUID().toString().substring(0, 8);
        final String instanceId = "am-" + id;
        final String queueId = "q-am-" + id;
        final String slackChannel = "#ops-am-" + id;

        /** Alertmanager's two-alert notification, scoped to this story's instance and {@code queue}. */
        ObjectNode alertmanagerGroup(String queue) {
            ObjectNode payload = fixture("alertmanager-webhook-v4-group.json");
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            for (JsonNode alert : payload.get("alerts")) {
                scope((ObjectNode) alert, queue);
                // Alertmanager sends the time Prometheus first saw the alert firing: minutes ago, not in 2023.
                ((ObjectNode) alert).put("startsAt", now.minus(Duration.ofMinutes(5)).toString());
            }
            payload.put("groupKey", "{}/{severity=\"error\"}:{alertname=\"ProbeFailure\",queue_id=\"" + queue + "\"}");
            return payload;
        }

        /** The labels that scope an alert to this story, and a fingerprint of its own. */
        void scope(ObjectNode alert, String queue) {
            ((ObjectNode) alert.get("labels")).put("instance_id", instanceId).put("queue_id", queue);
            alert.put("fingerprint", fingerprint());
        }

        /** Incident events of these queues go to this story's Slack channel. */
        void routeIncidentsToSlack(String... queues) {
            platform.routeIncidentsToSlack("Probe incidents " + id, slackChannel, List.of(queues));
        }

        List<Map<String, Object>> alertsOf(String queue) {
            return viewer("alerting").queryParam("queueId", queue).get("/api/v1/alerts")
                    .then().statusCode(200).extract().jsonPath().getList("items");
        }

        List<JsonPath> incidentsOf(String queue) {
            List<Map<String, Object>> items = viewer("incidents").queryParam("queue", queue)
                    .get("/api/v1/incidents").then().statusCode(200).extract().jsonPath().getList("items");
            return items.stream().map(item -> new JsonPath(json(item))).toList();
        }

        String incidentOf(String queue) {
            List<JsonPath> incidents = incidentsOf(queue);
            assertThat(incidents).hasSize(1);
            return incidents.get(0).getString("id");
        }

        List<Map<String, Object>> timeline(String incidentId) {
            return viewer("incidents").queryParam("size", 200).get("/api/v1/incidents/" + incidentId + "/timeline")
                    .then().statusCode(200).extract().jsonPath().getList("items");
        }

        List<SlackFake.Message> slackMessages() {
            return platform.slack.messagesIn(slackChannel);
        }

        private RequestSpecification viewer(String service) {
            return platform.as(service, "vera", Roles.VIEWER);
        }
    }
}
