package io.connectops.notifications.senders.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventSources;
import io.connectops.contracts.Severity;
import io.connectops.contracts.Topics;
import io.connectops.notifications.Fixtures;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * An Alertmanager-format webhook sends one request per alert group with the group's alerts now, read by a receiver
 * the way Alertmanager's webhook receivers read it (its {@code webhook.Message}: {@code template.Data} plus
 * {@code version}, {@code groupKey}, {@code truncatedAlerts}), strictly: a field Alertmanager does not send fails.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class AlertmanagerGroupsTest {

    /** Alertmanager's webhook.Message as a receiver decodes it. */
    record Message(String version, String groupKey, long truncatedAlerts, String receiver, String status,
            List<Alert> alerts, Map<String, String> groupLabels, Map<String, String> commonLabels,
            Map<String, String> commonAnnotations, String externalURL) {
    }

    /** Alertmanager's template.Alert. */
    record Alert(String status, Map<String, String> labels, Map<String, String> annotations, Instant startsAt,
            Instant endsAt, String generatorURL, String fingerprint) {
    }

    private static final ObjectMapper RECEIVER = new ObjectMapper().findAndRegisterModules()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Instant STARTS_AT = Instant.parse("2026-12-06T09:15:00Z");
    private static final Duration PATIENCE = Duration.ofMinutes(4);

    @Test
    void theAlertsOfOneAnnouncementGoOutAsOneRequestAndLaterChangesCarryTheWholeGroup() throws Exception {
        String secret = newSecret();
        try (SignedReceiver receiver = new SignedReceiver(secret)) {
            String queue = Fixtures.unique("q");
            String group = "{}:{queue=\"" + queue + "\"}";
            String channel = Fixtures.createChannel(Map.of("name", Fixtures.unique("am"), "type", "WEBHOOK",
                    "settings", Map.of("url", receiver.url("/am"), "format", "alertmanager"),
                    "secrets", Map.of("signingSecret", secret)));
            // Quiet hours hold the P2s until every alert of the announcement is stored, whatever the consumer's
            // backlog on the shared topic: then the first request to leave carries all of them.
            Instant until = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(2));
            route(queue, channel, until);

            List<String> fingerprints = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                fingerprints.add(Fixtures.unique("fp"));
                publish(alert(fingerprints.get(i - 1), group, queue, i, AlertEvent.State.FIRING));
            }
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(Fixtures.statuses("channel", channel))
                    .hasSize(5));
            assertThat(Instant.now()).as("the announcement was stored within the quiet hours").isBefore(until);
            assertThat(receiver.received()).isEmpty();
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(Fixtures.statuses("channel", channel))
                    .hasSize(5).containsOnly("DELIVERED"));

            assertThat(receiver.received()).hasSize(1);
            Message announced = read(receiver, 0);
            assertThat(announced.version()).isEqualTo("4");
            assertThat(announced.groupKey()).isEqualTo(group);
            assertThat(announced.status()).isEqualTo("firing");
            assertThat(announced.truncatedAlerts()).isZero();
            assertThat(announced.groupLabels()).isEqualTo(Map.of("queue", queue));
            assertThat(announced.commonLabels()).isEqualTo(Map.of("alertname", "Agent availability", "queue", queue,
                    "region", "eu-west-1", "severity", "P2"));
            assertThat(announced.commonAnnotations()).isEqualTo(Map.of(
                    "description", "Too few agents available", "runbook_url", "https://runbooks.example/agents"));
            assertThat(announced.alerts()).extracting(Alert::fingerprint).containsExactlyInAnyOrderElementsOf(fingerprints);
            assertThat(announced.alerts()).extracting(Alert::status).containsOnly("firing");
            assertThat(announced.alerts()).extracting(Alert::endsAt).containsOnly(Instant.parse("0001-01-01T00:00:00Z"));
            assertThat(announced.alerts()).extracting(alert -> alert.annotations().get("summary"))
                    .containsExactlyInAnyOrder("Agent 1 unavailable", "Agent 2 unavailable", "Agent 3 unavailable",
                            "Agent 4 unavailable", "Agent 5 unavailable");
            assertThat(Fixtures.deliveries("channel", channel).getList("items.lastError", String.class))
                    .filteredOn(detail -> detail != null).isEmpty();

            // Two resolve: the group's next notification still fires, and lists all five.
            publish(alert(fingerprints.get(0), group, queue, 1, AlertEvent.State.RESOLVED));
            publish(alert(fingerprints.get(1), group, queue, 2, AlertEvent.State.RESOLVED));
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(Fixtures.statuses("channel", channel))
                    .hasSize(7).containsOnly("DELIVERED"));
            int afterTwo = receiver.received().size();
            assertThat(afterTwo).isBetween(2, 3);
            Message changed = read(receiver, afterTwo - 1);
            assertThat(changed.status()).isEqualTo("firing");
            assertThat(changed.alerts()).hasSize(5);
            assertThat(changed.alerts()).filteredOn(alert -> alert.status().equals("resolved"))
                    .extracting(Alert::fingerprint).containsExactlyInAnyOrder(fingerprints.get(0), fingerprints.get(1));
            assertThat(changed.alerts()).filteredOn(alert -> alert.status().equals("resolved"))
                    .extracting(Alert::endsAt).containsOnly(STARTS_AT.plusSeconds(1200));
            assertThat(changed.commonLabels()).containsEntry("queue", queue);

            // The rest resolve: the last notification is resolved, with every alert of the group.
            for (int i = 3; i <= 5; i++) {
                publish(alert(fingerprints.get(i - 1), group, queue, i, AlertEvent.State.RESOLVED));
            }
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(Fixtures.statuses("channel", channel))
                    .hasSize(10).containsOnly("DELIVERED"));
            List<SignedReceiver.Received> requests = receiver.received();
            assertThat(requests.size()).isLessThanOrEqualTo(afterTwo + 3);
            assertThat(requests).extracting(SignedReceiver.Received::verification).containsOnly("verified");
            Message last = read(receiver, requests.size() - 1);
            assertThat(last.status()).isEqualTo("resolved");
            assertThat(last.alerts()).hasSize(5).extracting(Alert::status).containsOnly("resolved");
        }
    }

    @Test
    void aChannelsMaxAlertsKeepsTheFirstAlertsInAlertmanagersOrderAndCountsTheRestInTruncatedAlerts() throws Exception {
        String secret = newSecret();
        try (SignedReceiver cappedReceiver = new SignedReceiver(secret);
                SignedReceiver roomyReceiver = new SignedReceiver(secret)) {
            String queue = Fixtures.unique("q");
            String group = "{}:{queue=\"" + queue + "\"}";
            String capped = Fixtures.createChannel(Map.of("name", Fixtures.unique("am-capped"), "type", "WEBHOOK",
                    "settings", Map.of("url", cappedReceiver.url("/capped"), "format", "alertmanager", "maxAlerts", "3"),
                    "secrets", Map.of("signingSecret", secret)));
            String roomy = Fixtures.createChannel(Map.of("name", Fixtures.unique("am-roomy"), "type", "WEBHOOK",
                    "settings", Map.of("url", roomyReceiver.url("/roomy"), "format", "alertmanager", "maxAlerts", "10"),
                    "secrets", Map.of("signingSecret", secret)));
            ApiSecurity.as(Roles.VIEWER).get("/api/v1/channels/" + capped).then().statusCode(200)
                    .body("settings.maxAlerts", equalTo("3"));
            Fixtures.routeForQueue(queue, capped, roomy);

            // Published in another order than Alertmanager's (job, then instance): agent 5 has no instance label.
            Map<Integer, String> fingerprints = new LinkedHashMap<>();
            for (int agent : new int[] {4, 2, 5, 1, 3}) {
                fingerprints.put(agent, Fixtures.unique("fp"));
                publish(instanceAlert(fingerprints.get(agent), group, queue, agent, AlertEvent.State.FIRING));
            }
            awaitDelivered(capped, 5);
            awaitDelivered(roomy, 5);
            // The last request of each channel left after all five were stored, so it carries the whole group.
            Message cappedAll = lastKeepingTheFirstThree(cappedReceiver, fingerprints);
            assertThat(cappedAll.status()).isEqualTo("firing");
            assertThat(cappedAll.groupKey()).isEqualTo(group);
            Message roomyAll = last(roomyReceiver);
            assertThat(roomyAll.truncatedAlerts()).isZero();
            assertThat(roomyAll.alerts()).extracting(Alert::fingerprint).containsExactly(fingerprints.get(1),
                    fingerprints.get(2), fingerprints.get(3), fingerprints.get(4), fingerprints.get(5));

            // The three listed resolve while 4 and 5 fire: the alerts kept are all resolved, and so is the message,
            // as Alertmanager's template data is made of the alerts it keeps.
            for (int agent = 1; agent <= 3; agent++) {
                publish(instanceAlert(fingerprints.get(agent), group, queue, agent, AlertEvent.State.RESOLVED));
            }
            awaitDelivered(capped, 8);
            awaitDelivered(roomy, 8);
            Message cappedResolved = lastKeepingTheFirstThree(cappedReceiver, fingerprints);
            assertThat(cappedResolved.alerts()).extracting(Alert::status).containsOnly("resolved");
            assertThat(cappedResolved.status()).isEqualTo("resolved");
            assertThat(cappedResolved.commonLabels()).doesNotContainKey("instance").containsEntry("job", "agents");
            Message roomyResolved = last(roomyReceiver);
            assertThat(roomyResolved.status()).isEqualTo("firing");
            assertThat(roomyResolved.alerts()).extracting(Alert::status)
                    .containsExactly("resolved", "resolved", "resolved", "firing", "firing");
            for (SignedReceiver receiver : List.of(cappedReceiver, roomyReceiver)) {
                assertThat(receiver.received()).extracting(SignedReceiver.Received::verification)
                        .containsOnly("verified");
            }
        }
    }

    private static void awaitDelivered(String channel, int count) {
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(Fixtures.statuses("channel", channel))
                .hasSize(count).containsOnly("DELIVERED"));
    }

    /** The capped channel's last request: agents 1, 2 and 3 in that order, the other two counted as truncated. */
    private static Message lastKeepingTheFirstThree(SignedReceiver receiver, Map<Integer, String> fingerprints)
            throws Exception {
        Message message = last(receiver);
        assertThat(message.truncatedAlerts()).isEqualTo(2);
        assertThat(message.alerts()).extracting(Alert::fingerprint)
                .containsExactly(fingerprints.get(1), fingerprints.get(2), fingerprints.get(3));
        return message;
    }

    /** The last request the receiver got, read strictly. */
    private static Message last(SignedReceiver receiver) throws Exception {
        List<SignedReceiver.Received> requests = receiver.received();
        assertThat(requests).isNotEmpty();
        return RECEIVER.readValue(requests.get(requests.size() - 1).body(), Message.class);
    }

    private static AlertEvent instanceAlert(String fingerprint, String group, String queue, int agent,
            AlertEvent.State state) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("queue", queue);
        labels.put("job", "agents");
        if (agent != 5) {
            labels.put("instance", "agent-" + agent);
        }
        return new AlertEvent(fingerprint, group, "rule-agents", "Agent availability", state, Severity.P2, labels,
                1.0, 3.0, "Agent " + agent + " unavailable", "Too few agents available",
                "https://runbooks.example/agents", "threshold", STARTS_AT,
                state == AlertEvent.State.RESOLVED ? STARTS_AT.plusSeconds(1200) : null, null, null, null,
                state == AlertEvent.State.FIRING ? AlertEvent.Announcement.NEW : null);
    }

    private static Message read(SignedReceiver receiver, int index) throws Exception {
        return RECEIVER.readValue(receiver.received().get(index).body(), Message.class);
    }

    private static void route(String queue, String channel, Instant until) {
        DateTimeFormatter hours = DateTimeFormatter.ofPattern("HH:mm");
        LocalTime from = LocalTime.ofInstant(until.minus(Duration.ofMinutes(10)), ZoneOffset.UTC);
        Map<String, Object> route = new LinkedHashMap<>();
        route.put("name", Fixtures.unique("am-route"));
        route.put("position", -100);
        route.put("queues", List.of(queue));
        route.put("eventTypes", List.of("connectops.alert.*"));
        route.put("channelIds", List.of(channel));
        route.put("quietHours", Map.of("from", hours.format(from), "until",
                hours.format(LocalTime.ofInstant(until, ZoneOffset.UTC)), "zone", "UTC"));
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON).body(route).post("/api/v1/routes").then()
                .statusCode(201);
    }

    private static AlertEvent alert(String fingerprint, String group, String queue, int agent, AlertEvent.State state) {
        return new AlertEvent(fingerprint, group, "rule-agents", "Agent availability", state, Severity.P2,
                Map.of("queue", queue, "region", "eu-west-1"), 1.0, 3.0, "Agent " + agent + " unavailable",
                "Too few agents available", "https://runbooks.example/agents", "threshold", STARTS_AT,
                state == AlertEvent.State.RESOLVED ? STARTS_AT.plusSeconds(1200) : null, null, null, null,
                state == AlertEvent.State.FIRING ? AlertEvent.Announcement.NEW : null);
    }

    private static void publish(AlertEvent alert) {
        TestKafka.send(Topics.ALERTS, alert.fingerprint(),
                CloudEvent.of(EventSources.ALERTING, alert.type(), alert.fingerprint(), alert));
    }

    private static String newSecret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }
}
