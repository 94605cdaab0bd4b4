package io.connectops.incidents.rest;

import static io.connectops.incidents.IncidentApi.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.IncidentEvent;
import io.connectops.contracts.IncidentEvent.Change;
import io.connectops.incidents.IncidentApi;
import io.connectops.incidents.IncidentTopic;
import io.connectops.incidents.domain.LifecycleAction;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Acknowledging an incident: who and when on the incident and its timeline, announced once on the topic, the
 * acknowledgement escalation stopped; assessing an unacknowledged incident acknowledges it by the assessor.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class AcknowledgeTest {

    @Inject
    AgroalDataSource dataSource;

    private static Response acknowledge(String id, String user) {
        return RestAssured.given()
                .header("Authorization", TestTokens.bearer(TestTokens.forUser(user, Roles.INCIDENT_MANAGER)))
                .post(BASE + "/" + id + "/acknowledge");
    }

    private static List<String> timeline(String id, String kind) {
        return IncidentApi.viewer().queryParam("kind", kind).get(BASE + "/" + id + "/timeline").then()
                .statusCode(200).extract().jsonPath().getList("items.text", String.class);
    }

    private long count(String sql, String id) throws Exception {
        try (var connection = dataSource.getConnection(); var statement = connection.prepareStatement(sql)) {
            statement.setString(1, id);
            try (var result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private String timerState(String id) throws Exception {
        try (var connection = dataSource.getConnection(); var statement = connection.prepareStatement(
                "SELECT state FROM incident_timer WHERE incident_id = ?::uuid AND kind = 'ASSESS_SLA'")) {
            statement.setString(1, id);
            try (var result = statement.executeQuery()) {
                result.next();
                return result.getString(1);
            }
        }
    }

    @Test
    void anAcknowledgementRecordsWhoAndWhenOnTheIncidentItsTimelineAndTheTopic() throws Exception {
        String id = IncidentApi.open("P3", "q-" + UUID.randomUUID());
        Instant before = Instant.now();

        JsonPath acknowledged = acknowledge(id, "ana.ops").then().statusCode(200)
                .body("status", equalTo("TRIAGE"))
                .body("acknowledgedBy", equalTo("ana.ops"))
                .body("acknowledgedAt", notNullValue())
                .body("allowedActions", equalTo(List.of("assess", "cancel", "severity")))
                .extract().jsonPath();
        assertThat(Instant.parse(acknowledged.getString("acknowledgedAt"))).isAfterOrEqualTo(before.minusSeconds(1));

        assertThat(timeline(id, "ACKNOWLEDGED")).containsExactly("Acknowledged by ana.ops");
        assertThat(timerState(id)).isEqualTo("SKIPPED");

        List<CloudEvent<IncidentEvent>> events = IncidentTopic.await(id, 2);
        assertThat(IncidentTopic.changes(events)).containsExactly(Change.OPENED, Change.ACKNOWLEDGED);
        IncidentEvent event = events.get(1).data();
        assertThat(event.message()).isEqualTo("Acknowledged by ana.ops");
        assertThat(event.actor().name()).isEqualTo("ana.ops");
        assertThat(event.status()).isEqualTo("TRIAGE");
        assertThat(event.url()).endsWith("/incidents/" + id);
    }

    @Test
    void acknowledgingAgainKeepsTheFirstAcknowledgementAndAnnouncesItOnce() throws Exception {
        String id = IncidentApi.open("P3", "q-" + UUID.randomUUID());
        ExecutorService responders = Executors.newFixedThreadPool(4);
        List<Future<Response>> presses = new ArrayList<>();
        try {
            for (String user : List.of("ana.ops", "bob.ops", "carla.ops", "dev.ops")) {
                presses.add(responders.submit((Callable<Response>) () -> acknowledge(id, user)));
            }
            List<String> acknowledgers = new ArrayList<>();
            for (Future<Response> press : presses) {
                acknowledgers.add(press.get().then().statusCode(200).extract().path("acknowledgedBy"));
            }
            // Every responder is told who got there first, the same person for all.
            assertThat(acknowledgers).hasSize(4).containsOnly(acknowledgers.get(0));
        } finally {
            responders.shutdown();
        }
        String first = IncidentApi.viewer().get(BASE + "/" + id).then().extract().path("acknowledgedAt");
        acknowledge(id, "erin.ops").then().statusCode(200).body("acknowledgedAt", equalTo(first));

        assertThat(timeline(id, "ACKNOWLEDGED")).hasSize(1);
        assertThat(count("SELECT count(*) FROM outbox_event WHERE record_key = ? "
                + "AND event_type = 'connectops.incident.acknowledged.v1'", id)).isEqualTo(1);
    }

    @Test
    void anAcknowledgedIncidentIsEscalatedOnlyForResolving() {
        // P4 has a 2 s acknowledgement SLA and a 4 s resolve SLA in the test profile.
        String id = IncidentApi.open("P4", "q-" + UUID.randomUUID());
        acknowledge(id, "ana.ops").then().statusCode(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> timeline(id, "ESCALATED").size() == 1);
        assertThat(timeline(id, "ESCALATED").get(0))
                .contains("escalated to engineering (level 1): not resolved within the P4 SLA");
        IncidentApi.viewer().get(BASE + "/" + id).then().body("escalationLevel", equalTo(1))
                .body("status", equalTo("TRIAGE"));
    }

    @Test
    void assessingAnUnacknowledgedIncidentAcknowledgesItByTheAssessor() {
        String id = IncidentApi.open("P3", "q-" + UUID.randomUUID());
        JsonPath assessed = IncidentApi.act(id, LifecycleAction.ASSESS).then().statusCode(200)
                .body("status", equalTo("MITIGATING"))
                .body("acknowledgedBy", equalTo("ana.ops"))
                .body("allowedActions", not(hasItem("acknowledge")))
                .extract().jsonPath();
        assertThat(Instant.parse(assessed.getString("acknowledgedAt")))
                .isBeforeOrEqualTo(Instant.parse(assessed.getString("assessedAt")));
        assertThat(timeline(id, "ACKNOWLEDGED")).containsExactly("Acknowledged by ana.ops by assessing");

        // The assessment is the announcement: no separate acknowledgement event.
        List<CloudEvent<IncidentEvent>> events = IncidentTopic.await(id, 2);
        assertThat(IncidentTopic.changes(events)).containsExactly(Change.OPENED, Change.ASSESSED);
    }

    @Test
    void assessingAnAcknowledgedIncidentKeepsWhoAcknowledgedIt() {
        String id = IncidentApi.open("P3", "q-" + UUID.randomUUID());
        acknowledge(id, "bob.ops").then().statusCode(200);
        String at = IncidentApi.viewer().get(BASE + "/" + id).then().extract().path("acknowledgedAt");
        IncidentApi.act(id, LifecycleAction.ASSESS).then().statusCode(200)
                .body("acknowledgedBy", equalTo("bob.ops"))
                .body("acknowledgedAt", equalTo(at))
                .body("commander", equalTo("ana.ops"));
        assertThat(timeline(id, "ACKNOWLEDGED")).containsExactly("Acknowledged by bob.ops");
    }

    @Test
    void aCancelledIncidentCannotBeAcknowledgedNorCanAViewer() {
        String id = IncidentApi.open("P3", "q-" + UUID.randomUUID());
        ApiSecurity.assertRefusesBadTokens("POST", BASE + "/" + id + "/acknowledge", null, Roles.INCIDENT_MANAGER,
                Roles.VIEWER);
        IncidentApi.viewer().get(BASE + "/" + id).then().body("acknowledgedAt", equalTo(null));

        IncidentApi.act(id, LifecycleAction.CANCEL).then().statusCode(200);
        acknowledge(id, "ana.ops").then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("Cannot acknowledge"))
                .body("detail", containsString("in state CANCELLED"));
        assertThat(timeline(id, "ACKNOWLEDGED")).isEmpty();

        acknowledge(UUID.randomUUID().toString(), "ana.ops").then().statusCode(404)
                .contentType("application/problem+json");
    }
}
