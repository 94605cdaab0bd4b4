package io.connectops.notifications.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.IncidentEvent;
import io.connectops.contracts.IncidentEvent.Change;
import io.connectops.contracts.Severity;
import io.connectops.contracts.Topics;
import io.connectops.fakes.ReceivedRequest;
import io.connectops.notifications.Fixtures;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class RouteApiTest {

    @Test
    void theDefaultRoutesExist() {
        // Other tests of the run add routes that sort before the defaults, so read every page, not the first.
        List<String> names = Fixtures.everyRoute("name");
        assertThat(names).contains("P1/P2 incidents to Slack, Teams and ServiceNow", "P3 to Slack");
    }

    @Test
    void continueSendsToLaterMatchingRoutesAndTheFirstMatchOtherwiseWins() {
        String queue = Fixtures.unique("q");
        String first = Fixtures.webhookChannel(Fixtures.WEBHOOK.baseUrl() + "/" + queue + "/first");
        String second = Fixtures.webhookChannel(Fixtures.WEBHOOK.baseUrl() + "/" + queue + "/second");
        String third = Fixtures.webhookChannel(Fixtures.WEBHOOK.baseUrl() + "/" + queue + "/third");
        route(queue, -300, List.of("P1"), true, first);
        route(queue, -200, List.of(), false, second);
        route(queue, -100, List.of(), false, third);

        String p1 = Fixtures.unique("inc");
        String p2 = Fixtures.unique("inc");
        Fixtures.publish(Fixtures.incident(p1, Change.OPENED, "OPEN", "all hands", queue));
        var p2Event = Fixtures.incident(p2, Change.OPENED, "OPEN", "minor", queue);
        Fixtures.publish(CloudEvent.of("/test", p2Event.type(), p2, new IncidentEvent(
                p2, "INC-2", Change.OPENED, "OPEN", Severity.P2, "t", null, "minor", List.of(queue), List.of(), null, 0,
                null, null, Instant.now(), null)));

        Fixtures.awaitStatuses("incidentId", p1, 2, "DELIVERED");
        Fixtures.awaitStatuses("incidentId", p2, 1, "DELIVERED");
        assertThat(Fixtures.deliveries("incidentId", p1).getList("items.channelId")).containsExactlyInAnyOrder(first, second);
        assertThat(Fixtures.deliveries("incidentId", p2).getList("items.channelId")).containsExactly(second);
    }

    @Test
    void theRouteTestNamesTheChannelsAnEventWouldReachAndStoresNoDelivery() {
        String queue = Fixtures.unique("q");
        String first = Fixtures.webhookChannel(Fixtures.WEBHOOK.baseUrl() + "/" + queue + "/first");
        String second = Fixtures.webhookChannel(Fixtures.WEBHOOK.baseUrl() + "/" + queue + "/second");
        route(queue, -300, List.of("P1"), true, first);
        route(queue, -200, List.of(), false, second);
        Map<String, Object> p1 = Map.of("eventType", "connectops.incident.opened.v1", "severity", "P1",
                "queues", List.of(queue));

        List<String> reached = ApiSecurity.as(Roles.VIEWER).contentType(ContentType.JSON).body(p1)
                .post("/api/v1/routes/test").then().statusCode(200).extract().jsonPath()
                .getList("targets.channelId");
        assertThat(reached).containsExactly(first, second);
        List<String> p3Reached = ApiSecurity.as(Roles.VIEWER).contentType(ContentType.JSON)
                .body(Map.of("eventType", "connectops.incident.opened.v1", "severity", "P3", "queues", List.of(queue)))
                .post("/api/v1/routes/test").then().statusCode(200).extract().jsonPath().getList("targets.channelId");
        assertThat(p3Reached).containsExactly(second);

        assertThat(Fixtures.deliveries("channel", first).getList("items")).isEmpty();
        assertThat(Fixtures.deliveries("eventId", "route-test").getList("items")).isEmpty();
        ApiSecurity.as(Roles.VIEWER).contentType(ContentType.JSON).body(Map.of("severity", "P1")).post(
                "/api/v1/routes/test").then().statusCode(400);
    }

    @Test
    void aStillFiringAlertIsNotRepeatedWithinTheRepeatIntervalAndItsResolutionIsSent() {
        String queue = Fixtures.unique("q");
        // Two channels: what each was told is remembered per channel, and decided for all of them at once.
        List<String> paths = List.of("/" + queue + "/a", "/" + queue + "/b");
        List<String> channels = paths.stream().map(path -> Fixtures.webhookChannel(Fixtures.WEBHOOK.baseUrl() + path))
                .toList();
        Map<String, Object> route = Map.of("name", Fixtures.unique("alerts"), "position", -100,
                "eventTypes", List.of("connectops.alert.*"), "queues", List.of(queue), "channelIds", channels,
                "repeatInterval", "PT1H");
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON).body(route).post("/api/v1/routes").then()
                .statusCode(201).body("repeatInterval", equalTo("PT1H"));
        String fingerprint = Fixtures.unique("fp");
        alert(fingerprint, AlertEvent.State.FIRING, queue);
        alert(fingerprint, AlertEvent.State.FIRING, queue);
        alert(fingerprint, AlertEvent.State.RESOLVED, queue);

        // ops.alerts.v1 is shared with every other module's tests: the consumer may first work through their backlog.
        Awaitility.await().atMost(Duration.ofSeconds(180)).untilAsserted(() -> assertThat(
                Fixtures.WEBHOOK.received("/" + queue + "/")).hasSize(4));
        for (String path : paths) {
            List<ReceivedRequest> received = Fixtures.WEBHOOK.received(path);
            assertThat(received).hasSize(2);
            assertThat(received.get(0).body()).contains("[P2][FIRING] Abandonment high",
                    "\"title\":\"Value\",\"value\":\"18.20 (threshold 10)\"", "https://runbooks.example/abandonment");
            assertThat(received.get(1).body()).contains("[P2][RESOLVED]");
            assertThat(received.get(1).header("X-ConnectOps-Signature")).startsWith("sha256=");
        }
    }

    @Test
    void badRoutesAreRefused() {
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("r"), "severities", List.of("P9"), "repeatInterval", "4 hours",
                        "channelTypes", List.of("FAX"), "quietHours", Map.of("from", "22:00", "until", "07:00",
                                "zone", "Mars/Olympus")))
                .post("/api/v1/routes").then().statusCode(400)
                .body("errors.field", hasItems("severities", "repeatInterval", "channelTypes", "quietHours.zone"));
    }

    private static void route(String queue, int position, List<String> severities, boolean continueMatching,
            String channel) {
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("r"), "position", position, "queues", List.of(queue),
                        "severities", severities, "continue", continueMatching, "channelIds", List.of(channel)))
                .post("/api/v1/routes").then().statusCode(201).body("continue", equalTo(continueMatching));
    }

    private static void alert(String fingerprint, AlertEvent.State state, String queue) {
        AlertEvent alert = new AlertEvent(fingerprint, "grp", "rule-1", "Abandonment", state, Severity.P2,
                Map.of("queue", queue), 18.2, 10.0, "Abandonment high", "Callers hang up",
                "https://runbooks.example/abandonment", "threshold", Instant.now().minusSeconds(120),
                state == AlertEvent.State.RESOLVED ? Instant.now() : null);
        TestKafka.send(Topics.ALERTS, fingerprint, CloudEvent.of("/test", alert.type(), fingerprint, alert));
    }
}
