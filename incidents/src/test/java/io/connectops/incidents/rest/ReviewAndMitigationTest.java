package io.connectops.incidents.rest;

import static io.connectops.incidents.IncidentApi.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.IncidentEvent;
import io.connectops.contracts.IncidentEvent.Change;
import io.connectops.incidents.IncidentApi;
import io.connectops.incidents.IncidentTopic;
import io.connectops.incidents.domain.IncidentStatus;
import io.connectops.incidents.domain.LifecycleAction;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ReviewAndMitigationTest {

    private static String p1InPostIncident() {
        String id = IncidentApi.open("P1", "q-" + UUID.randomUUID());
        IncidentApi.act(id, LifecycleAction.ASSESS, """
                {"severity":"P1","impact":"All inbound calls fail","summary":"Carrier outage","commander":"ana.ops"}""")
                .then().statusCode(200);
        IncidentApi.act(id, LifecycleAction.MITIGATE).then().statusCode(200);
        IncidentApi.act(id, LifecycleAction.RESOLVE).then().statusCode(200);
        IncidentApi.act(id, LifecycleAction.START_REVIEW).then().statusCode(200);
        return id;
    }

    @Test
    void closingAP1WithoutAReviewIsRefusedUntilTheReviewHasARootCauseAndOwners() {
        String id = p1InPostIncident();
        IncidentApi.act(id, LifecycleAction.CLOSE).then().statusCode(409)
                .contentType("application/problem+json")
                .body("title", equalTo("Review incomplete"))
                .body("errors.field", hasItem("review.rootCause"));
        IncidentApi.viewer().get(BASE + "/" + id + "/review").then().statusCode(404);

        JsonPath review = IncidentApi.manager().body("""
                {"summary":"Carrier dropped SIP trunk","rootCause":"Expired certificate on the SBC",
                 "contributingFactors":["No expiry monitoring","Single carrier"],"impactDuration":"PT47M",
                 "contactsAffected":1830,"wentWell":"Fast failover decision","wentBadly":"Late detection",
                 "preventiveActions":[{"description":"Monitor certificate expiry","owner":"net.team",
                   "dueDate":"2026-12-15"},{"description":"Add second carrier"}]}""")
                .put(BASE + "/" + id + "/review").then().statusCode(200)
                .body("rootCause", equalTo("Expired certificate on the SBC"))
                .body("impactDuration", equalTo("PT47M"))
                .body("contactsAffected", equalTo(1830))
                .body("contributingFactors", equalTo(List.of("No expiry monitoring", "Single carrier")))
                .body("preventiveActions.size()", equalTo(2))
                .extract().jsonPath();
        IncidentApi.act(id, LifecycleAction.CLOSE).then().statusCode(409)
                .body("errors.field", equalTo(List.of("review.preventiveActions")))
                .body("errors[0].message", containsString("1 preventive action(s) have no owner"));

        String ownerless = review.getString("preventiveActions.find { it.owner == null }.id");
        IncidentApi.manager().body("""
                {"summary":"Carrier dropped SIP trunk","rootCause":"Expired certificate on the SBC",
                 "preventiveActions":[{"id":"%s","description":"Add second carrier","owner":"procurement",
                   "dueDate":"2027-03-01"}]}""".formatted(ownerless))
                .put(BASE + "/" + id + "/review").then().statusCode(200)
                .body("preventiveActions.owner", equalTo(List.of("net.team", "procurement")));

        IncidentApi.act(id, LifecycleAction.CLOSE).then().statusCode(200).body("status", equalTo("CLOSED"))
                .body("closedAt", notNullValue());
        IncidentApi.manager().body("{\"rootCause\":\"changed\"}").put(BASE + "/" + id + "/review").then()
                .statusCode(409);

        // What ServiceNow's close notes are made of: the resolution on RESOLVED, resolution and root cause on CLOSED.
        List<CloudEvent<IncidentEvent>> events = IncidentTopic.await(id, 6);
        assertThat(IncidentTopic.changes(events)).containsExactly(Change.OPENED, Change.ASSESSED, Change.MITIGATED,
                Change.RESOLVED, Change.REVIEW_STARTED, Change.CLOSED);
        assertThat(events.get(3).data().message()).isEqualTo("Wait times back to normal for 30 minutes");
        assertThat(events.get(4).data().message()).isEqualTo("Review on Thursday");
        assertThat(events.get(5).data().message()).isEqualTo(
                "Resolution: Wait times back to normal for 30 minutes\nRoot cause: Expired certificate on the SBC");
    }

    @Test
    void preventiveActionsAreTrackedToDone() {
        String id = p1InPostIncident();
        String actionId = IncidentApi.manager().body("""
                {"rootCause":"Bad deploy","preventiveActions":[{"description":"Canary deploys","owner":"platform",
                 "dueDate":"2026-12-01"}]}""")
                .put(BASE + "/" + id + "/review").then().statusCode(200).extract().path("preventiveActions[0].id");
        String complete = BASE + "/" + id + "/review/actions/" + actionId + "/complete";
        ApiSecurity.assertRefusesBadTokens("POST", complete, null, Roles.INCIDENT_MANAGER, Roles.VIEWER);
        IncidentApi.manager().post(complete).then().statusCode(200).body("done", equalTo(true))
                .body("completedBy", equalTo("sub-ana.ops"));
        IncidentApi.manager().post(complete).then().statusCode(409);
        IncidentApi.manager().post(BASE + "/" + id + "/review/actions/" + UUID.randomUUID() + "/complete").then()
                .statusCode(404);
        IncidentApi.viewer().get(BASE + "/" + id + "/review").then().statusCode(200)
                .body("preventiveActions[0].done", equalTo(true));
        IncidentApi.viewer().queryParam("kind", "PREVENTIVE_ACTION_COMPLETED").get(BASE + "/" + id + "/timeline")
                .then().body("items[0].text", equalTo("Preventive action done: Canary deploys"));
    }

    @Test
    void aP3ClosesWithoutAReview() {
        String id = IncidentApi.inStatus(IncidentStatus.POST_INCIDENT, "q-" + UUID.randomUUID());
        IncidentApi.act(id, LifecycleAction.CLOSE).then().statusCode(200).body("status", equalTo("CLOSED"));
        // Without a review there is no root cause to announce; the close note stays on the timeline.
        List<CloudEvent<IncidentEvent>> events = IncidentTopic.await(id, 6);
        assertThat(events.get(5).data().change()).isEqualTo(Change.CLOSED);
        assertThat(events.get(5).data().message()).isNull();
        IncidentApi.viewer().queryParam("kind", "STATUS_CHANGED").get(BASE + "/" + id + "/timeline").then()
                .body("items[4].text", equalTo("POST_INCIDENT → CLOSED. Closed: Done"));
    }

    @Test
    void mitigationActionsMoveFromPlannedToDoneOrFailedAndAutomatedOnesAreRequested() {
        String id = IncidentApi.inStatus(IncidentStatus.MITIGATING, "q-" + UUID.randomUUID());
        String actions = BASE + "/" + id + "/actions";
        String manual = IncidentApi.manager().body("{\"description\":\"Fail over to backup carrier\",\"owner\":\"net.team\"}")
                .post(actions).then().statusCode(201).body("status", equalTo("PLANNED"))
                .body("automated", equalTo(false)).extract().path("id");
        IncidentApi.manager().post(actions + "/" + manual + "/start").then().statusCode(200)
                .body("status", equalTo("IN_PROGRESS"));
        IncidentApi.manager().body("{\"result\":\"Traffic on backup since 06:12\"}")
                .post(actions + "/" + manual + "/complete").then().statusCode(200)
                .body("status", equalTo("DONE")).body("result", equalTo("Traffic on backup since 06:12"));
        IncidentApi.manager().post(actions + "/" + manual + "/fail").then().statusCode(409)
                .body("detail", equalTo("Cannot fail mitigation action in state DONE; no action is allowed"));

        String automated = IncidentApi.manager()
                .body("{\"description\":\"Restart contact flow publisher\",\"owner\":\"bot\",\"automated\":true}")
                .post(actions).then().statusCode(201).body("automated", equalTo(true)).extract().path("id");
        IncidentApi.manager().body("{\"result\":\"Hook timed out\"}").post(actions + "/" + automated + "/fail")
                .then().statusCode(200).body("status", equalTo("FAILED"));
        IncidentApi.manager().body("{\"owner\":\"x\"}").post(actions).then().statusCode(400)
                .body("errors.field", hasItem(containsString("description")));

        IncidentApi.viewer().get(actions).then().statusCode(200).body("total", equalTo(2))
                .body("items.id", equalTo(List.of(manual, automated)))
                .body("items.status", equalTo(List.of("DONE", "FAILED")));
        IncidentApi.viewer().queryParam("status", "FAILED").get(actions).then().statusCode(200)
                .body("total", equalTo(1)).body("items.id", equalTo(List.of(automated)));
        IncidentApi.viewer().queryParam("status", "LOST").get(actions).then().statusCode(400)
                .contentType("application/problem+json");
        List<String> timeline = IncidentApi.viewer().get(BASE + "/" + id + "/timeline").then().extract().jsonPath()
                .getList("items.kind", String.class);
        assertThat(timeline).containsSubsequence("ACTION_ADDED", "ACTION_UPDATED", "ACTION_UPDATED", "ACTION_ADDED",
                "ACTION_UPDATED");

        List<CloudEvent<IncidentEvent>> events = IncidentTopic.await(id, 3);
        CloudEvent<IncidentEvent> requested = events.get(2);
        assertThat(requested.data().change()).isEqualTo(Change.ACTION_REQUESTED);
        assertThat(requested.id()).isEqualTo(automated);
        assertThat(requested.data().actionId()).isEqualTo(automated);
        assertThat(requested.data().message()).isEqualTo("Restart contact flow publisher");
        assertThat(IncidentTopic.changes(events)).containsExactly(Change.OPENED, Change.ASSESSED,
                Change.ACTION_REQUESTED);
    }
}
