package io.connectops.incidents.rest;

import static io.connectops.incidents.IncidentApi.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.IncidentEvent;
import io.connectops.contracts.IncidentEvent.Change;
import io.connectops.contracts.Severity;
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
class IncidentResourceTest {

    @Test
    void anIncidentOpenedByHandIsInTriageWithItsReferenceAndIsAnnounced() {
        String queue = "q-" + UUID.randomUUID();
        JsonPath created = IncidentApi.manager()
                .body(IncidentApi.openBody("Billing queue not answering", "P2", queue))
                .post(BASE).then().statusCode(201)
                .header("Location", containsString(BASE + "/"))
                .body("status", equalTo("TRIAGE"))
                .body("severity", equalTo("P2"))
                .body("reference", matchesPattern("INC-\\d{6}"))
                .body("queues", equalTo(List.of(queue)))
                .body("createdBy", equalTo("ana.ops"))
                .body("allowedActions", equalTo(List.of("acknowledge", "assess", "cancel", "severity")))
                .extract().jsonPath();
        String id = created.getString("id");

        IncidentApi.viewer().get(BASE + "/" + id).then().statusCode(200)
                .body("title", equalTo("Billing queue not answering"))
                .body("reference", equalTo(created.getString("reference")));

        CloudEvent<IncidentEvent> opened = IncidentTopic.await(id, 1).get(0);
        assertThat(opened.type()).isEqualTo("connectops.incident.opened.v1");
        assertThat(opened.subject()).isEqualTo(id);
        assertThat(opened.data().reference()).isEqualTo(created.getString("reference"));
        assertThat(opened.data().severity()).isEqualTo(Severity.P2);
        assertThat(opened.data().status()).isEqualTo("TRIAGE");
        assertThat(opened.data().queues()).containsExactly(queue);
        assertThat(opened.data().actor().name()).isEqualTo("ana.ops");
        assertThat(opened.data().url()).endsWith("/incidents/" + id);
    }

    @Test
    void theSameIdempotencyKeyOpensOneIncident() {
        String key = "bridge-call-" + UUID.randomUUID();
        String queue = "q-" + UUID.randomUUID();
        String first = IncidentApi.manager().header("Idempotency-Key", key)
                .body(IncidentApi.openBody("Duplicate open", "P3", queue))
                .post(BASE).then().statusCode(201).extract().path("id");
        String again = IncidentApi.manager().header("Idempotency-Key", key)
                .body(IncidentApi.openBody("Duplicate open", "P3", queue))
                .post(BASE).then().statusCode(200).extract().path("id");
        String viaBody = IncidentApi.manager()
                .body("{\"title\":\"Duplicate open\",\"severity\":\"P3\",\"idempotencyKey\":\"" + key + "\"}")
                .post(BASE).then().statusCode(200).extract().path("id");
        assertThat(again).isEqualTo(first);
        assertThat(viaBody).isEqualTo(first);
        IncidentApi.viewer().queryParam("queue", queue).get(BASE).then().statusCode(200).body("total", equalTo(1));
    }

    @Test
    void badInputIsAProblemAndOpensNothing() {
        String queue = "q-" + UUID.randomUUID();
        IncidentApi.manager().body("{\"severity\":\"P9\",\"title\":\"x\",\"queues\":[\"" + queue + "\"]}").post(BASE)
                .then().statusCode(400).contentType("application/problem+json");
        IncidentApi.manager().body("{\"description\":\"no title\",\"queues\":[\"" + queue + "\"]}").post(BASE)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem(containsString("title")))
                .body("errors.field", hasItem(containsString("severity")));
        IncidentApi.manager().body("{not json").post(BASE).then().statusCode(400);
        IncidentApi.viewer().queryParam("queue", queue).get(BASE).then().body("total", equalTo(0));
    }

    @Test
    void theListFiltersByStatusSeverityQueueTextAndCreationTimeAndPages() {
        String queue = "q-" + UUID.randomUUID();
        Instant before = Instant.now().minusSeconds(1);
        String word = "zebra" + UUID.randomUUID().toString().substring(0, 8);
        String p2 = IncidentApi.manager().body(IncidentApi.openBody("IVR " + word + " down", "P2", queue)).post(BASE)
                .then().statusCode(201).extract().path("id");
        String p3 = IncidentApi.open("P3", queue);
        String p3Assessed = IncidentApi.inStatus(IncidentStatus.MITIGATING, queue);

        IncidentApi.viewer().queryParam("queue", queue).get(BASE).then().statusCode(200)
                .body("total", equalTo(3)).body("items.size()", equalTo(3))
                .body("items[0].id", equalTo(p3Assessed));
        IncidentApi.viewer().queryParam("queue", queue).queryParam("severity", "P2").get(BASE).then()
                .body("total", equalTo(1)).body("items[0].id", equalTo(p2));
        IncidentApi.viewer().queryParam("queue", queue).queryParam("status", "TRIAGE").get(BASE).then()
                .body("total", equalTo(2));
        IncidentApi.viewer().queryParam("queue", queue).queryParam("status", "MITIGATING")
                .queryParam("status", "MONITORING").get(BASE).then()
                .body("total", equalTo(1)).body("items[0].id", equalTo(p3Assessed));
        IncidentApi.viewer().queryParam("q", word.toUpperCase()).get(BASE).then()
                .body("total", equalTo(1)).body("items[0].id", equalTo(p2));
        String reference = IncidentApi.viewer().get(BASE + "/" + p3).then().extract().path("reference");
        IncidentApi.viewer().queryParam("q", reference).get(BASE).then()
                .body("total", equalTo(1)).body("items[0].id", equalTo(p3));
        IncidentApi.viewer().queryParam("queue", queue).queryParam("createdFrom", before.toString())
                .queryParam("createdTo", Instant.now().plusSeconds(60).toString()).get(BASE).then()
                .body("total", equalTo(3));
        IncidentApi.viewer().queryParam("queue", queue).queryParam("createdTo", before.toString()).get(BASE).then()
                .body("total", equalTo(0));
        IncidentApi.viewer().queryParam("queue", queue).queryParam("size", 2).queryParam("page", 1).get(BASE).then()
                .body("total", equalTo(3)).body("items.size()", equalTo(1)).body("page", equalTo(1))
                .body("size", equalTo(2));
        IncidentApi.viewer().queryParam("status", "SLEEPING").get(BASE).then().statusCode(400)
                .contentType("application/problem+json");
        IncidentApi.viewer().queryParam("size", 100000).get(BASE).then().statusCode(400);
    }

    @Test
    void anUnknownIncidentIsNotFound() {
        IncidentApi.viewer().get(BASE + "/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json").body("detail", startsWith("Incident "));
    }

    @Test
    void onlyIncidentManagersOpenIncidents() {
        ApiSecurity.assertRefusesBadTokens("POST", BASE, IncidentApi.openBody("t", "P3", "q"),
                Roles.INCIDENT_MANAGER, Roles.VIEWER);
        ApiSecurity.assertRefusesBadTokens("GET", BASE + "/" + UUID.randomUUID() + "/timeline", null,
                Roles.VIEWER, Roles.SUPERVISOR);
    }

    @Test
    void everyChangeNoteAndUpdateIsOnTheTimelineAndEveryLifecycleChangeIsPublished() {
        String queue = "q-" + UUID.randomUUID();
        String id = IncidentApi.open("P3", queue);
        IncidentApi.manager().body("{\"severity\":\"P2\",\"reason\":\"Two queues now affected\"}")
                .post(BASE + "/" + id + "/severity").then().statusCode(200).body("severity", equalTo("P2"));
        IncidentApi.manager().body("{\"severity\":\"P2\",\"reason\":\"again\"}")
                .post(BASE + "/" + id + "/severity").then().statusCode(400);
        IncidentApi.manager().body("{\"severity\":\"P1\"}").post(BASE + "/" + id + "/severity").then()
                .statusCode(400).body("errors.field", hasItem(containsString("reason")));
        IncidentApi.manager().body("{\"text\":\"Carrier ticket 4411 opened\"}").post(BASE + "/" + id + "/notes")
                .then().statusCode(201);
        IncidentApi.manager().body("{\"message\":\"We are investigating long waits in Billing\"}")
                .post(BASE + "/" + id + "/updates").then().statusCode(201);
        IncidentApi.act(id, LifecycleAction.ASSESS).then().statusCode(200).body("severity", equalTo("P3"));
        IncidentApi.act(id, LifecycleAction.MITIGATE).then().statusCode(200);
        IncidentApi.act(id, LifecycleAction.REOPEN).then().statusCode(200).body("reopenCount", equalTo(1));
        IncidentApi.act(id, LifecycleAction.MITIGATE).then().statusCode(200);
        IncidentApi.act(id, LifecycleAction.RESOLVE).then().statusCode(200);

        JsonPath timeline = IncidentApi.viewer().get(BASE + "/" + id + "/timeline").then().statusCode(200)
                .extract().jsonPath();
        assertThat(timeline.getList("items.kind", String.class)).containsExactly("OPENED", "SEVERITY_CHANGED",
                "NOTE", "STATUS_UPDATE", "ACKNOWLEDGED", "SEVERITY_CHANGED", "STATUS_CHANGED", "STATUS_CHANGED",
                "STATUS_CHANGED", "STATUS_CHANGED", "STATUS_CHANGED");
        assertThat(timeline.getString("items[1].text")).isEqualTo(
                "Severity changed from P3 to P2: Two queues now affected");
        assertThat(timeline.getString("items[2].text")).isEqualTo("Carrier ticket 4411 opened");
        assertThat(timeline.getList("items.actorName", String.class)).containsOnly("ana.ops");
        assertThat(timeline.getList("items.occurredAt", String.class)).doesNotContainNull();
        assertThat(timeline.getString("items[10].status")).isEqualTo("RESOLVED");
        IncidentApi.viewer().queryParam("kind", "NOTE").get(BASE + "/" + id + "/timeline").then()
                .body("total", equalTo(1));

        List<CloudEvent<IncidentEvent>> events = IncidentTopic.await(id, 8);
        assertThat(IncidentTopic.changes(events)).containsExactly(Change.OPENED, Change.SEVERITY_CHANGED,
                Change.STATUS_UPDATE, Change.ASSESSED, Change.MITIGATED, Change.REOPENED, Change.MITIGATED,
                Change.RESOLVED);
        assertThat(events.get(1).data().message()).isEqualTo("Two queues now affected");
        assertThat(events.get(2).data().message()).isEqualTo("We are investigating long waits in Billing");
        assertThat(events.get(3).data().commander()).isEqualTo("ana.ops");
        assertThat(events.get(3).data().status()).isEqualTo("MITIGATING");
        assertThat(events.get(7).data().status()).isEqualTo("RESOLVED");
        assertThat(events.get(7).type()).isEqualTo("connectops.incident.resolved.v1");
    }

    @Test
    void severityCannotChangeOnceTheIncidentIsResolved() {
        String id = IncidentApi.inStatus(IncidentStatus.RESOLVED, "q-" + UUID.randomUUID());
        IncidentApi.manager().body("{\"severity\":\"P1\",\"reason\":\"late\"}").post(BASE + "/" + id + "/severity")
                .then().statusCode(409).body("allowed", equalTo(List.of("start-review", "reopen")));
    }
}
