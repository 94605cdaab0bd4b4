package io.connectops.notifications.senders.servicenow;

import static io.connectops.notifications.Fixtures.SERVICENOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.connectops.contracts.DeliveryEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.IncidentEvent.Change;
import io.connectops.contracts.Topics;
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
class ServiceNowCallbackTest {

    @Test
    void aResolutionInServiceNowIsPublishedOnceForIncidentsToRecord() {
        String queue = Fixtures.unique("q");
        String incidentId = Fixtures.unique("inc");
        Fixtures.routeForQueue(queue, Fixtures.serviceNowChannel());
        Fixtures.publish(Fixtures.incident(incidentId, Change.OPENED, "OPEN", "Queue down", queue));
        Fixtures.awaitStatuses("incidentId", incidentId, 1, "DELIVERED");
        Map<String, Object> record = SERVICENOW.incidents().stream()
                .filter(r -> ("connectops:incident:" + incidentId).equals(r.get("correlation_id"))).findFirst().orElseThrow();

        Map<String, Object> callback = Map.of("sys_id", record.get("sys_id"), "number", record.get("number"),
                "correlation_id", "connectops:incident:" + incidentId, "state", "6",
                "close_code", "Solved (Permanently)", "close_notes", "Carrier replaced the card",
                "updated_by", "bob", "sys_updated_on", "2026-11-22 10:15:00");
        ApiSecurity.as(Roles.SERVICENOW).contentType(ContentType.JSON).body(callback)
                .post("/api/v1/servicenow/events")
                .then().statusCode(202).body("incidentId", equalTo(incidentId)).body("kind", equalTo("RESOLVED"))
                .body("duplicate", equalTo(false));
        ApiSecurity.as(Roles.SERVICENOW).contentType(ContentType.JSON).body(callback)
                .post("/api/v1/servicenow/events")
                .then().statusCode(202).body("duplicate", equalTo(true));

        List<ConsumerRecord<String, String>> updates = TestKafka.awaitRecords(Topics.DELIVERIES,
                r -> incidentId.equals(r.key()) && r.value().contains("external-update"), 1, Duration.ofSeconds(30));
        DeliveryEvent event = EventCodec.decode(updates.get(0).value(), DeliveryEvent.class).data();
        assertThat(event.status()).isEqualTo(DeliveryEvent.Status.EXTERNAL_UPDATE);
        assertThat(event.incidentId()).isEqualTo(incidentId);
        assertThat(event.externalUpdate().kind()).isEqualTo("RESOLVED");
        assertThat(event.externalUpdate().closeNotes()).isEqualTo("Carrier replaced the card");
        assertThat(event.externalRef()).isEqualTo(record.get("number"));
    }

    @Test
    void callbacksAreAuthenticatedAndChecked() {
        String body = "{\"sys_id\":\"nope\",\"sys_updated_on\":\"2026-11-22 10:15:00\"}";
        ApiSecurity.assertRefusesBadTokens("POST", "/api/v1/servicenow/events", body, Roles.SERVICENOW,
                Roles.VIEWER);
        ApiSecurity.as(Roles.SERVICENOW).contentType(ContentType.JSON).body(body)
                .post("/api/v1/servicenow/events")
                .then().statusCode(404).contentType("application/problem+json");
        ApiSecurity.as(Roles.SERVICENOW).contentType(ContentType.JSON).body("{\"number\":\"INC1\"}")
                .post("/api/v1/servicenow/events").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aCallbackWithAnIngestTokenIsRefusedAndOneWithTheServiceNowRoleIsAccepted() {
        String body = "{\"sys_id\":\"x\",\"sys_updated_on\":\"1\"}";
        // A metrics pusher must not write incident timelines through this endpoint.
        ApiSecurity.as(Roles.INGEST).contentType(ContentType.JSON).body(body).post("/api/v1/servicenow/events")
                .then().statusCode(403);
        // The ServiceNow role gets through authorization: the unknown record is then a 404 problem, not a 403.
        ApiSecurity.as(Roles.SERVICENOW).contentType(ContentType.JSON).body(body)
                .post("/api/v1/servicenow/events").then().statusCode(404).contentType("application/problem+json");
    }
}
