package io.connectops.incidents.rest;

import static io.connectops.incidents.IncidentApi.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.IncidentEvent;
import io.connectops.contracts.IncidentEvent.Change;
import io.connectops.contracts.Severity;
import io.connectops.incidents.IncidentApi;
import io.connectops.incidents.IncidentTopic;
import io.connectops.incidents.domain.IncidentStatus;
import io.connectops.incidents.service.AlertIntake;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Merging a duplicate into an incident. The duplicate's alerts come through {@link AlertIntake}, the code the Kafka
 * consumer runs (AlertConsumerTest covers the broker), so that the test does not wait on the shared alert topic.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class MergeTest {

    @Inject
    AlertIntake alertIntake;

    private void fire(String fingerprint, String queue) {
        AlertEvent alert = new AlertEvent(fingerprint, null, "rule-abandonment", "Abandonment above 5 %",
                AlertEvent.State.FIRING, Severity.P2, Map.of("queueId", queue), 7.5, 5.0,
                "Abandonment in " + queue + " is 7.5 %", "Callers hang up", null, "threshold", Instant.now(), null);
        QuarkusTransaction.requiringNew().run(() -> alertIntake.apply(alert));
    }

    private static String merge(String duplicateId) {
        return """
                {"duplicateId":"%s","reason":"Same carrier outage"}""".formatted(duplicateId);
    }

    private static Response postMerge(String targetId, String body) {
        return IncidentApi.manager().body(body).post(BASE + "/" + targetId + "/merge");
    }

    private static JsonPath timeline(String id) {
        return IncidentApi.viewer().get(BASE + "/" + id + "/timeline").then().statusCode(200).extract().jsonPath();
    }

    private static String incidentOfQueue(String queue) {
        return IncidentApi.viewer().queryParam("queue", queue).get(BASE).then().statusCode(200)
                .body("total", equalTo(1)).extract().path("items[0].id");
    }

    @Test
    void aDuplicateOpenedByAnAlertMovesItsAlertsIsCancelledAndBothTimelinesLinkTheOther() {
        String targetQueue = "q-" + UUID.randomUUID();
        String duplicateQueue = "q-" + UUID.randomUUID();
        String target = IncidentApi.open("P2", targetQueue);
        String fingerprint = "fp-" + UUID.randomUUID();
        fire(fingerprint, duplicateQueue);
        String duplicate = incidentOfQueue(duplicateQueue);

        postMerge(target, merge(duplicate)).then().statusCode(200)
                .body("id", equalTo(target))
                .body("status", equalTo("TRIAGE"))
                .body("queues", equalTo(List.of(targetQueue, duplicateQueue)));
        String targetReference = IncidentApi.viewer().get(BASE + "/" + target).then().extract().path("reference");
        IncidentApi.viewer().get(BASE + "/" + duplicate).then().statusCode(200)
                .body("status", equalTo("CANCELLED"))
                .body("mergedInto", equalTo(target))
                .body("cancelReason", equalTo("Duplicate of " + targetReference + ": Same carrier outage"))
                .body("allowedActions", equalTo(List.of()));

        JsonPath duplicateTimeline = timeline(duplicate);
        assertThat(duplicateTimeline.getList("items.kind", String.class)).last().isEqualTo("MERGED");
        assertThat(duplicateTimeline.getString("items[-1].relatedIncidentId")).isEqualTo(target);
        assertThat(duplicateTimeline.getString("items[-1].text")).startsWith("TRIAGE → CANCELLED. Merged into "
                + targetReference).contains(fingerprint);
        JsonPath targetTimeline = timeline(target);
        assertThat(targetTimeline.getList("items.kind", String.class)).containsExactly("OPENED", "MERGED");
        assertThat(targetTimeline.getString("items[1].relatedIncidentId")).isEqualTo(duplicate);

        // The alert now belongs to the target: firing again is recorded there, and opens nothing new.
        fire(fingerprint, duplicateQueue);
        assertThat(timeline(target).getList("items.kind", String.class))
                .containsExactly("OPENED", "MERGED", "ALERT_FIRED");
        assertThat(timeline(duplicate).getList("items.kind", String.class)).last().isEqualTo("MERGED");
        IncidentApi.viewer().queryParam("queue", duplicateQueue).get(BASE).then().body("total", equalTo(2));

        List<CloudEvent<IncidentEvent>> duplicateEvents = IncidentTopic.await(duplicate, 2);
        assertThat(IncidentTopic.changes(duplicateEvents)).containsExactly(Change.OPENED, Change.CANCELLED);
        IncidentEvent cancelled = duplicateEvents.get(1).data();
        assertThat(cancelled.mergedInto()).isEqualTo(target);
        assertThat(cancelled.status()).isEqualTo("CANCELLED");
        assertThat(cancelled.alertFingerprints()).containsExactly(fingerprint);
        List<CloudEvent<IncidentEvent>> targetEvents = IncidentTopic.await(target, 2);
        assertThat(IncidentTopic.changes(targetEvents)).containsExactly(Change.OPENED, Change.MERGED);
        assertThat(targetEvents.get(1).data().alertFingerprints()).containsExactly(fingerprint);
        assertThat(targetEvents.get(1).data().mergedInto()).isNull();
        assertThat(targetEvents.get(1).data().message()).contains(fingerprint).endsWith("Same carrier outage");
    }

    @Test
    void illegalMergesAreRefusedAndChangeNothing() {
        String queue = "q-" + UUID.randomUUID();
        String target = IncidentApi.open("P3", queue);
        String duplicate = IncidentApi.open("P3", queue);

        postMerge(target, merge(target)).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("duplicateId"))
                .body("errors[0].message", containsString("cannot be merged into itself"));
        postMerge(target, "{\"reason\":\"no duplicate\"}").then().statusCode(400)
                .body("errors[0].field", containsString("duplicateId"));
        String unknown = UUID.randomUUID().toString();
        postMerge(target, merge(unknown)).then().statusCode(400)
                .body("errors[0].message", equalTo("no incident " + unknown));
        postMerge(unknown, merge(duplicate)).then().statusCode(404);

        String closed = IncidentApi.inStatus(IncidentStatus.CLOSED, queue);
        postMerge(closed, merge(duplicate)).then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("is CLOSED: a duplicate can only be merged into an incident that is "
                        + "not closed or cancelled"));
        String resolved = IncidentApi.inStatus(IncidentStatus.RESOLVED, queue);
        postMerge(target, merge(resolved)).then().statusCode(409)
                .body("detail", containsString("is RESOLVED: only an open incident"));

        postMerge(target, merge(duplicate)).then().statusCode(200);
        postMerge(target, merge(duplicate)).then().statusCode(409)
                .body("detail", containsString("was already merged into"));
        String another = IncidentApi.open("P3", queue);
        postMerge(duplicate, merge(another)).then().statusCode(409)
                .body("detail", containsString("is CANCELLED"));

        IncidentApi.viewer().get(BASE + "/" + another).then().body("status", equalTo("TRIAGE"))
                .body("mergedInto", nullValue());
        IncidentApi.viewer().get(BASE + "/" + resolved).then().body("status", equalTo("RESOLVED"));
        assertThat(timeline(target).getList("items.kind", String.class)).containsExactly("OPENED", "MERGED");
        assertThat(timeline(another).getList("items.kind", String.class)).containsExactly("OPENED");
    }

    @Test
    void onlyIncidentManagersMerge() {
        String target = IncidentApi.open("P3", "q-" + UUID.randomUUID());
        String duplicate = IncidentApi.open("P3", "q-" + UUID.randomUUID());
        ApiSecurity.assertRefusesBadTokens("POST", BASE + "/" + target + "/merge", merge(duplicate),
                Roles.INCIDENT_MANAGER, Roles.VIEWER);
        IncidentApi.viewer().get(BASE + "/" + duplicate).then().body("status", equalTo("TRIAGE"));
    }
}
