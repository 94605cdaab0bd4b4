package io.connectops.notifications.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.connectops.contracts.DeliveryEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.IncidentEvent.Change;
import io.connectops.contracts.Topics;
import io.connectops.fakes.Fault;
import io.connectops.fakes.ReceivedRequest;
import io.connectops.fakes.TeamsFake;
import io.connectops.fakes.WebhookFake;
import io.connectops.notifications.Fixtures;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Retries, Retry-After, outages, timeouts and dead letters, each against its own fake so faults never leak. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class DeliveryReliabilityTest {

    @Test
    void a429WithRetryAfterIsRetriedAfterThatLongAndDeliveredOnce() {
        try (WebhookFake webhook = new WebhookFake()) {
            webhook.start(0);
            webhook.inject(Fault.rateLimited(2, 1));
            String queue = Fixtures.unique("q");
            String incidentId = Fixtures.unique("inc");
            Fixtures.routeForQueue(queue, Fixtures.webhookChannel(webhook.baseUrl() + "/hook"));

            Fixtures.publish(Fixtures.incident(incidentId, Change.OPENED, "OPEN", "Queue down", queue));

            Fixtures.awaitStatuses("incidentId", incidentId, 1, "DELIVERED");
            List<ReceivedRequest> requests = webhook.received("/hook");
            assertThat(requests).extracting(ReceivedRequest::answeredStatus).containsExactly(429, 200);
            assertThat(Duration.between(requests.get(0).receivedAt(), requests.get(1).receivedAt()))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(1950));
            String deliveryId = Fixtures.deliveries("incidentId", incidentId).getString("items[0].id");
            JsonPath delivery = ApiSecurity.as(Roles.VIEWER).get("/api/v1/deliveries/" + deliveryId).then()
                    .statusCode(200).extract().jsonPath();
            assertThat(delivery.getList("attemptLog.outcome")).containsExactly("RETRY", "DELIVERED");
            assertThat(delivery.getList("attemptLog.httpStatus")).containsExactly(429, 200);
        }
    }

    @Test
    void aReceiverThatHangsIsTimedOutAndTriedAgain() {
        try (WebhookFake webhook = new WebhookFake()) {
            webhook.start(0);
            webhook.inject(Fault.hang(4_000, 1));
            String queue = Fixtures.unique("q");
            String incidentId = Fixtures.unique("inc");
            Fixtures.routeForQueue(queue, Fixtures.webhookChannel(webhook.baseUrl() + "/hook"));

            Fixtures.publish(Fixtures.incident(incidentId, Change.OPENED, "OPEN", "Queue down", queue));

            Fixtures.awaitStatuses("incidentId", incidentId, 1, "DELIVERED");
            String deliveryId = Fixtures.deliveries("incidentId", incidentId).getString("items[0].id");
            ApiSecurity.as(Roles.VIEWER).get("/api/v1/deliveries/" + deliveryId).then()
                    .body("attempts", equalTo(2))
                    .body("attemptLog[0].detail", equalTo("No answer within 2000 ms"));
        }
    }

    @Test
    void aChannelThatIsDownGetsEverythingInOrderWhenItComesBack() {
        try (TeamsFake teams = new TeamsFake()) {
            teams.start(0);
            teams.inject(Fault.down());
            String queue = Fixtures.unique("q");
            String incidentId = Fixtures.unique("inc");
            Fixtures.routeForQueue(queue, Fixtures.teamsChannel(teams.baseUrl(), "/workflows/down"));
            List<Change> changes = List.of(Change.OPENED, Change.ASSESSED, Change.STATUS_UPDATE, Change.MITIGATED,
                    Change.RESOLVED);
            changes.forEach(change -> Fixtures.publish(
                    Fixtures.incident(incidentId, change, change.name(), "step " + change, queue)));

            // The outage lasts until the circuit has opened at least once (three failed attempts in a row).
            await().atMost(Duration.ofSeconds(30)).until(() -> teams.received().size() >= 4);
            assertThat(teams.cards()).isEmpty();
            teams.clearFaults();

            Fixtures.awaitStatuses("incidentId", incidentId, 5, "DELIVERED");
            assertThat(teams.cards()).hasSize(5);
            assertThat(teams.cards()).extracting(card -> EventCodec.mapper().valueToTree(card).toString())
                    .satisfiesExactly(
                            card -> assertThat(card).contains("step OPENED"),
                            card -> assertThat(card).contains("step ASSESSED"),
                            card -> assertThat(card).contains("step STATUS_UPDATE"),
                            card -> assertThat(card).contains("step MITIGATED"),
                            card -> assertThat(card).contains("step RESOLVED"));
        }
    }

    @Test
    void aDeliveryThatExhaustsItsBudgetIsDeadLetteredAndCanBeRetriedByHand() {
        try (WebhookFake webhook = new WebhookFake()) {
            webhook.start(0);
            webhook.inject(Fault.serverError(500, -1));
            String queue = Fixtures.unique("q");
            String incidentId = Fixtures.unique("inc");
            Fixtures.routeForQueue(queue, Fixtures.webhookChannel(webhook.baseUrl() + "/hook"));

            Fixtures.publish(Fixtures.incident(incidentId, Change.OPENED, "OPEN", "Queue down", queue));

            Fixtures.awaitStatuses("incidentId", incidentId, 1, "DEAD_LETTERED");
            String deliveryId = Fixtures.deliveries("incidentId", incidentId).getString("items[0].id");
            ApiSecurity.as(Roles.INCIDENT_MANAGER).get("/api/v1/deliveries/" + deliveryId).then()
                    .body("attempts", equalTo(6))
                    .body("lastError", equalTo("HTTP 500: fake failure"))
                    .body("attemptLog[0].detail", equalTo("HTTP 500: fake failure"));
            // What the receiver answered is for those who act on deliveries; a viewer sees the status only.
            String viewed = ApiSecurity.as(Roles.VIEWER).get("/api/v1/deliveries/" + deliveryId).then()
                    .body("lastError", equalTo("HTTP 500"))
                    .body("attemptLog[0].detail", equalTo("HTTP 500")).extract().asString();
            String listed = ApiSecurity.as(Roles.VIEWER).queryParam("incidentId", incidentId).get("/api/v1/deliveries")
                    .then().body("items[0].lastError", equalTo("HTTP 500")).extract().asString();
            assertThat(viewed + listed).doesNotContain("fake failure");
            List<ConsumerRecord<String, String>> deadLetter = TestKafka.awaitRecords(Topics.DELIVERIES,
                    r -> incidentId.equals(r.key()), 1, Duration.ofSeconds(30));
            DeliveryEvent event = EventCodec.decode(deadLetter.get(0).value(), DeliveryEvent.class).data();
            assertThat(event.status()).isEqualTo(DeliveryEvent.Status.DEAD_LETTERED);
            assertThat(event.attempts()).isEqualTo(6);
            assertThat(event.deliveryId()).isEqualTo(deliveryId);

            ApiSecurity.as(Roles.VIEWER).post("/api/v1/deliveries/" + deliveryId + "/retry").then().statusCode(403);
            webhook.clearFaults();
            ApiSecurity.as(Roles.INCIDENT_MANAGER).post("/api/v1/deliveries/" + deliveryId + "/retry").then()
                    .statusCode(200).body("status", equalTo("RETRYING"));

            Fixtures.awaitStatuses("incidentId", incidentId, 1, "DELIVERED");
            assertThat(webhook.received("/hook")).extracting(ReceivedRequest::answeredStatus).endsWith(200)
                    .filteredOn(status -> status == 200).hasSize(1);
            ApiSecurity.as(Roles.ADMIN).post("/api/v1/deliveries/" + deliveryId + "/retry").then().statusCode(409)
                    .contentType("application/problem+json")
                    .body("detail", equalTo("Cannot retry delivery in state DELIVERED; no action is allowed"));
            ApiSecurity.as(Roles.VIEWER).queryParam("status", "DELIVERED").queryParam("incidentId", incidentId)
                    .get("/api/v1/deliveries").then().statusCode(200).body("items.id", hasItem(deliveryId));
        }
    }
}
