package io.connectops.notifications.senders.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventSources;
import io.connectops.contracts.IncidentEvent;
import io.connectops.contracts.IncidentEvent.Change;
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
import io.restassured.path.json.JsonPath;

/**
 * WEBHOOK channels in each {@code format}, sent through Kafka, routing and the queue to a receiver on a local socket
 * that verifies the Standard Webhooks signature as the spec's reference verifier does.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class WebhookFormatsTest {

    private static String newSecret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    private static String channel(String url, String format, String secret) {
        return Fixtures.createChannel(Map.of("name", Fixtures.unique("webhook-" + format), "type", "WEBHOOK",
                "settings", Map.of("url", url, "format", format), "secrets", Map.of("signingSecret", secret)));
    }

    @Test
    void aCloudEventsChannelSendsTheEventSignedAndItsRetryCarriesTheSameWebhookId() throws Exception {
        String secret = newSecret();
        try (SignedReceiver receiver = new SignedReceiver(secret).answer(503)) {
            String queue = Fixtures.unique("q");
            String incidentId = Fixtures.unique("inc");
            String channelId = channel(receiver.url("/ce"), "cloudevents", secret);
            Fixtures.routeForQueue(queue, channelId);
            CloudEvent<IncidentEvent> opened = Fixtures.incident(incidentId, Change.OPENED, "TRIAGE", "Queue down",
                    queue);

            Fixtures.publish(opened);

            Fixtures.awaitStatuses("incidentId", incidentId, 1, "DELIVERED");
            String deliveryId = Fixtures.deliveries("incidentId", incidentId).getString("items[0].id");
            List<SignedReceiver.Received> requests = receiver.received();
            assertThat(requests).hasSize(2).allSatisfy(request -> {
                assertThat(request.verification()).isEqualTo("verified");
                assertThat(request.header("webhook-id")).isEqualTo(deliveryId);
                assertThat(request.header("content-type")).startsWith("application/cloudevents+json");
                assertThat(request.header("x-connectops-delivery")).isEqualTo(opened.id() + "/" + channelId);
                assertThat(Long.parseLong(request.header("webhook-timestamp")))
                        .isCloseTo(Instant.now().getEpochSecond(), Offset.offset(120L));
            });
            JsonPath body = new JsonPath(requests.get(1).body());
            assertThat(body.getString("specversion")).isEqualTo("1.0");
            assertThat(body.getString("id")).isEqualTo(opened.id());
            assertThat(body.getString("source")).isEqualTo(EventSources.INCIDENTS);
            assertThat(body.getString("type")).isEqualTo("connectops.incident.opened.v1");
            // PostgreSQL keeps the event time to the microsecond (rounded).
            assertThat(Instant.parse(body.getString("time"))).isCloseTo(opened.time(), within(1, ChronoUnit.MICROS));
            assertThat(body.getString("subject")).isEqualTo(incidentId);
            assertThat(body.getString("datacontenttype")).isEqualTo("application/json");
            assertThat(body.getString("data.incidentId")).isEqualTo(incidentId);
            assertThat(body.getString("data.change")).isEqualTo("OPENED");
            assertThat(body.getList("data.queues")).containsExactly(queue);
        }
    }

    @Test
    void anAlertmanagerChannelSendsVersionFourFiringUntilTheAlertResolves() throws Exception {
        String secret = newSecret();
        try (SignedReceiver receiver = new SignedReceiver(secret)) {
            String queue = Fixtures.unique("q");
            String fingerprint = Fixtures.unique("fp");
            String channelName = Fixtures.unique("am");
            String channelId = Fixtures.createChannel(Map.of("name", channelName, "type", "WEBHOOK", "settings",
                    Map.of("url", receiver.url("/am"), "format", "alertmanager"),
                    "secrets", Map.of("signingSecret", secret)));
            Fixtures.routeForQueue(queue, channelId);
            Instant startsAt = Instant.parse("2026-12-06T09:15:00Z");
            Instant endsAt = Instant.parse("2026-12-06T09:40:00Z");

            publish(alert(fingerprint, queue, AlertEvent.State.FIRING, startsAt, null));
            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received().size() == 1);
            publish(alert(fingerprint, queue, AlertEvent.State.RESOLVED, startsAt, endsAt));
            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received().size() == 2);

            List<SignedReceiver.Received> requests = receiver.received();
            assertThat(requests).extracting(SignedReceiver.Received::verification).containsOnly("verified");
            assertThat(requests.get(0).header("content-type")).startsWith("application/json");
            JsonPath firing = new JsonPath(requests.get(0).body());
            assertThat(firing.getString("version")).isEqualTo("4");
            assertThat(firing.getString("groupKey")).isEqualTo("{}:{queue=\"" + queue + "\"}");
            assertThat(firing.getInt("truncatedAlerts")).isZero();
            assertThat(firing.getString("status")).isEqualTo("firing");
            assertThat(firing.getString("receiver")).isEqualTo(channelName);
            // The labels the group is keyed by, as Alertmanager's group_by puts them there.
            assertThat(firing.getMap("groupLabels")).isEqualTo(Map.of("queue", queue));
            assertThat(firing.getMap("commonLabels")).isEqualTo(Map.of("alertname", "Abandonment high", "queue", queue,
                    "region", "eu-west-1", "severity", "P2"));
            assertThat(firing.getMap("commonAnnotations")).isEqualTo(Map.of("summary", "Abandonment 12% on " + queue,
                    "description", "Callers hang up before an agent answers",
                    "runbook_url", "https://runbooks.example/abandonment"));
            assertThat(firing.getString("externalURL")).isEmpty();
            assertThat(firing.getList("alerts")).hasSize(1);
            assertThat(firing.getString("alerts[0].status")).isEqualTo("firing");
            assertThat(firing.getMap("alerts[0].labels")).isEqualTo(firing.getMap("commonLabels"));
            assertThat(firing.getMap("alerts[0].annotations")).isEqualTo(firing.getMap("commonAnnotations"));
            assertThat(firing.getString("alerts[0].startsAt")).isEqualTo("2026-12-06T09:15:00Z");
            assertThat(firing.getString("alerts[0].endsAt")).isEqualTo("0001-01-01T00:00:00Z");
            assertThat(firing.getString("alerts[0].generatorURL")).isEmpty();
            assertThat(firing.getString("alerts[0].fingerprint")).isEqualTo(fingerprint);

            JsonPath resolved = new JsonPath(requests.get(1).body());
            assertThat(resolved.getString("status")).isEqualTo("resolved");
            assertThat(resolved.getString("alerts[0].status")).isEqualTo("resolved");
            assertThat(resolved.getString("alerts[0].startsAt")).isEqualTo("2026-12-06T09:15:00Z");
            assertThat(resolved.getString("alerts[0].endsAt")).isEqualTo("2026-12-06T09:40:00Z");
            assertThat(resolved.getString("alerts[0].fingerprint")).isEqualTo(fingerprint);
            assertThat(requests.get(0).header("webhook-id")).isNotEqualTo(requests.get(1).header("webhook-id"));
        }
    }

    @Test
    void anIncidentReachesAnAlertmanagerReceiverAsOneAlertFiringUntilItIsResolved() throws Exception {
        String secret = newSecret();
        try (SignedReceiver receiver = new SignedReceiver(secret)) {
            String queue = Fixtures.unique("q");
            String incidentId = Fixtures.unique("inc");
            Fixtures.routeForQueue(queue, channel(receiver.url("/am-incident"), "alertmanager", secret));

            Fixtures.publish(Fixtures.incident(incidentId, Change.OPENED, "TRIAGE", "Queue down", queue));
            Fixtures.publish(Fixtures.incident(incidentId, Change.RESOLVED, "RESOLVED", "Carrier fixed", queue));

            Fixtures.awaitStatuses("incidentId", incidentId, 2, "DELIVERED");
            List<SignedReceiver.Received> requests = receiver.received();
            assertThat(requests).extracting(SignedReceiver.Received::verification).containsOnly("verified");
            JsonPath opened = new JsonPath(requests.get(0).body());
            JsonPath closed = new JsonPath(requests.get(1).body());
            String reference = "INC-" + incidentId.substring(incidentId.length() - 4);
            assertThat(opened.getString("groupKey")).isEqualTo("{}:{incident=\"" + reference + "\"}");
            assertThat(opened.getString("status")).isEqualTo("firing");
            assertThat(opened.getString("externalURL")).isEqualTo("https://connectops.example");
            assertThat(opened.getMap("alerts[0].labels")).isEqualTo(Map.of("alertname", "Billing queue abandonment",
                    "incident", reference, "incident_id", incidentId, "severity", "P1", "queue", queue));
            assertThat(opened.getString("alerts[0].annotations.change")).isEqualTo("OPENED");
            assertThat(opened.getString("alerts[0].annotations.message")).isEqualTo("Queue down");
            assertThat(opened.getString("alerts[0].endsAt")).isEqualTo("0001-01-01T00:00:00Z");
            assertThat(opened.getString("alerts[0].generatorURL"))
                    .isEqualTo("https://connectops.example/incidents/" + incidentId);
            assertThat(closed.getString("status")).isEqualTo("resolved");
            assertThat(closed.getString("alerts[0].annotations.message")).isEqualTo("Carrier fixed");
            assertThat(Instant.parse(closed.getString("alerts[0].endsAt"))).isAfter(Instant.now().minusSeconds(120));
            assertThat(closed.getString("alerts[0].fingerprint")).isEqualTo(opened.getString("alerts[0].fingerprint"))
                    .hasSize(16);
        }
    }

    @Test
    void withoutAFormatTheBodyStaysOursAndAPlainSecretAddsNoStandardWebhooksHeaders() throws Exception {
        try (SignedReceiver receiver = new SignedReceiver(null)) {
            String queue = Fixtures.unique("q");
            String incidentId = Fixtures.unique("inc");
            Fixtures.routeForQueue(queue, Fixtures.webhookChannel(receiver.url("/plain")));

            Fixtures.publish(Fixtures.incident(incidentId, Change.OPENED, "TRIAGE", "Queue down", queue));

            Fixtures.awaitStatuses("incidentId", incidentId, 1, "DELIVERED");
            SignedReceiver.Received request = receiver.received().get(0);
            assertThat(request.header("content-type")).startsWith("application/json");
            assertThat(request.header("webhook-signature")).isNull();
            assertThat(request.header("x-connectops-signature")).isEqualTo("sha256=" + WebhookSender.sign(
                    Fixtures.WEBHOOK_SECRET, request.header("x-connectops-timestamp") + "." + request.body()));
            JsonPath body = new JsonPath(request.body());
            assertThat(body.getMap("")).containsOnlyKeys("deliveryId", "eventId", "eventType", "message", "event");
            assertThat(body.getString("event.incidentId")).isEqualTo(incidentId);
        }
    }

    @Test
    void anUnknownFormatOrABadWhsecSecretIsRefusedNamingTheFieldAndTheSecretIsNeverShown() {
        String name = Fixtures.unique("refused");
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON).body(Map.of("name", name,
                "type", "WEBHOOK", "settings", Map.of("url", "http://127.0.0.1:9/x", "format", "xml"),
                "secrets", Map.of("signingSecret", "whsec_c2hvcnQ=")))
                .post("/api/v1/channels").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("settings.format", "secrets.signingSecret"))
                .body("errors.find { it.field == 'settings.format' }.message",
                        equalTo("must be one of connectops, cloudevents, alertmanager"))
                .body("errors.find { it.field == 'secrets.signingSecret' }.message",
                        equalTo("a whsec_ secret must hold 24 to 64 bytes, not 5"));
        assertThat(ApiSecurity.as(Roles.ADMIN).queryParam("name", name).get("/api/v1/channels").then().statusCode(200)
                .extract().jsonPath().getList("items.name", String.class)).isEmpty();

        String secret = newSecret();
        String id = channel("http://127.0.0.1:9/ok", "cloudevents", secret);
        String view = ApiSecurity.as(Roles.ADMIN).get("/api/v1/channels/" + id).then().statusCode(200)
                .body("settings.format", equalTo("cloudevents")).body("secretsSet", containsInAnyOrder("signingSecret"))
                .extract().asString();
        assertThat(view).doesNotContain(secret).doesNotContain(secret.substring("whsec_".length()));
    }

    @Test
    void aMaxAlertsThatIsNotAWholeNumberFromZeroIsRefusedNamingTheSettingAndChangesNothing() {
        String name = Fixtures.unique("capped");
        for (String refused : List.of("-1", "1.5", "ten", "2147483648", "1e3", "+2")) {
            ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON).body(Map.of("name", name, "type", "WEBHOOK",
                    "settings", Map.of("url", "http://127.0.0.1:9/x", "format", "alertmanager", "maxAlerts", refused)))
                    .post("/api/v1/channels").then().statusCode(400).contentType("application/problem+json")
                    .body("errors.field", containsInAnyOrder("settings.maxAlerts"))
                    .body("errors[0].message", equalTo("must be a whole number from 0 (all alerts) to 2147483647"));
        }
        // Every channel setting is a string: a JSON number is refused by the strict reader, naming the setting too.
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON).body(Map.of("name", name, "type", "WEBHOOK",
                "settings", Map.of("url", "http://127.0.0.1:9/x", "format", "alertmanager", "maxAlerts", 5)))
                .post("/api/v1/channels").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("settings.maxAlerts"));
        assertThat(ApiSecurity.as(Roles.ADMIN).queryParam("name", name).get("/api/v1/channels").then().statusCode(200)
                .extract().jsonPath().getList("items.name", String.class)).isEmpty();

        String id = Fixtures.createChannel(Map.of("name", name, "type", "WEBHOOK", "settings",
                Map.of("url", "http://127.0.0.1:9/x", "format", "alertmanager", "maxAlerts", " 010 ")));
        ApiSecurity.as(Roles.VIEWER).get("/api/v1/channels/" + id).then().statusCode(200)
                .body("settings.maxAlerts", equalTo("10"));
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON).body(Map.of("name", name, "settings",
                Map.of("url", "http://127.0.0.1:9/x", "format", "alertmanager", "maxAlerts", "-5")))
                .put("/api/v1/channels/" + id).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("settings.maxAlerts"));
        ApiSecurity.as(Roles.ADMIN).get("/api/v1/channels/" + id).then().statusCode(200)
                .body("settings.maxAlerts", equalTo("10"));
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON).body(Map.of("name", name, "settings",
                Map.of("url", "http://127.0.0.1:9/x", "format", "alertmanager", "maxAlerts", "0")))
                .put("/api/v1/channels/" + id).then().statusCode(200).body("settings.maxAlerts", equalTo("0"));
    }

    private static AlertEvent alert(String fingerprint, String queue, AlertEvent.State state, Instant startsAt,
            Instant endsAt) {
        return new AlertEvent(fingerprint, "{}:{queue=\"" + queue + "\"}", "rule-abandonment", "Abandonment high",
                state, Severity.P2, Map.of("queue", queue, "region", "eu-west-1"), 12.0, 10.0,
                "Abandonment 12% on " + queue, "Callers hang up before an agent answers",
                "https://runbooks.example/abandonment", "threshold", startsAt, endsAt, null, null, null,
                state == AlertEvent.State.FIRING ? AlertEvent.Announcement.NEW : null);
    }

    private static void publish(AlertEvent alert) {
        TestKafka.send(Topics.ALERTS, alert.fingerprint(),
                CloudEvent.of(EventSources.ALERTING, alert.type(), alert.fingerprint(), alert));
    }
}
