package io.connectops.incidents.service;

import static io.connectops.incidents.IncidentApi.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.connectops.contracts.Actor;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.IncidentEvent;
import io.connectops.contracts.IncidentEvent.Change;
import io.connectops.incidents.IncidentApi;
import io.connectops.incidents.IncidentTopic;
import io.connectops.incidents.domain.LifecycleAction;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * SLA breaches escalate once. The test profile gives P4 an SLA of 2 s to assess and 4 s to resolve. While the
 * scheduled job runs, three more "instances" fire due timers against the same database; a restarted instance is
 * one more job run on the same timer rows, after the breaches fired.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class EscalationTest {

    @Inject
    TimerJob timerJob;

    @Inject
    AgroalDataSource dataSource;

    private long count(String sql, String incidentId) throws Exception {
        try (var connection = dataSource.getConnection(); var statement = connection.prepareStatement(sql)) {
            statement.setString(1, incidentId);
            try (var result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private int escalationLevel(String id) {
        return IncidentApi.viewer().get(BASE + "/" + id).then().statusCode(200).extract().path("escalationLevel");
    }

    @Test
    void anSlaBreachEscalatesOnceAcrossConcurrentInstancesAndARestart() throws Exception {
        String id = IncidentApi.open("P4", "q-" + UUID.randomUUID());
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService otherInstances = Executors.newFixedThreadPool(3);
        List<Future<?>> runs = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                runs.add(otherInstances.submit(() -> {
                    while (!done.get()) {
                        timerJob.fireDue();
                    }
                }));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> escalationLevel(id) == 2);
        } finally {
            done.set(true);
            for (Future<?> run : runs) {
                run.get();
            }
            otherInstances.shutdown();
        }
        // A restarted instance finds the timers already fired.
        timerJob.fireDue();

        assertThat(escalationLevel(id)).isEqualTo(2);
        List<String> escalations = IncidentApi.viewer().queryParam("kind", "ESCALATED")
                .get(BASE + "/" + id + "/timeline").then().extract().jsonPath().getList("items.text", String.class);
        assertThat(escalations).hasSize(2);
        assertThat(escalations.get(0)).contains("escalated to engineering (level 1)")
                .contains("not acknowledged within the P4 SLA of PT2S");
        assertThat(escalations.get(1)).contains("escalated to vendor-support (level 2)")
                .contains("not resolved within the P4 SLA of PT4S");
        assertThat(count("SELECT count(*) FROM outbox_event WHERE record_key = ? "
                + "AND event_type = 'connectops.incident.escalated.v1'", id)).isEqualTo(2);

        List<CloudEvent<IncidentEvent>> events = IncidentTopic.await(id, 3);
        assertThat(IncidentTopic.changes(events)).containsExactly(Change.OPENED, Change.ESCALATED, Change.ESCALATED);
        assertThat(events.get(1).data().escalationTarget()).isEqualTo("engineering");
        assertThat(events.get(1).data().escalationLevel()).isEqualTo(1);
        assertThat(events.get(2).data().escalationTarget()).isEqualTo("vendor-support");
        assertThat(events.get(2).data().actor()).isEqualTo(Actor.SYSTEM);
    }

    @Test
    void anIncidentAssessedInTimeIsOnlyEscalatedForResolving() {
        String id = IncidentApi.open("P4", "q-" + UUID.randomUUID());
        IncidentApi.act(id, LifecycleAction.ASSESS, """
                {"severity":"P4","impact":"One agent","summary":"Softphone glitch","commander":"ana.ops"}""")
                .then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> escalationLevel(id) == 1);
        String text = IncidentApi.viewer().queryParam("kind", "ESCALATED").get(BASE + "/" + id + "/timeline").then()
                .extract().path("items[0].text");
        assertThat(text).contains("escalated to engineering (level 1): not resolved within the P4 SLA");
    }

    @Test
    void aResolvedP2MovesToItsReviewWhenItsReopenWindowHasPassed() throws Exception {
        String id = IncidentApi.open("P2", "q-" + UUID.randomUUID());
        IncidentApi.act(id, LifecycleAction.ASSESS, """
                {"severity":"P2","impact":"Billing queue","summary":"Flow error","commander":"ana.ops"}""")
                .then().statusCode(200);
        IncidentApi.act(id, LifecycleAction.MITIGATE).then().statusCode(200);
        IncidentApi.act(id, LifecycleAction.RESOLVE).then().statusCode(200);
        timerJob.fireDue();
        IncidentApi.viewer().get(BASE + "/" + id).then().body("status", Matchers.equalTo("RESOLVED"));

        // Let the review timer come due now instead of in 30 minutes.
        try (var connection = dataSource.getConnection(); var statement = connection.prepareStatement(
                "UPDATE incident_timer SET due_at = now() WHERE incident_id = ?::uuid AND kind = 'START_REVIEW'")) {
            statement.setString(1, id);
            assertThat(statement.executeUpdate()).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> IncidentApi.viewer().get(BASE + "/" + id).then()
                .body("status", Matchers.equalTo("POST_INCIDENT")));
        List<CloudEvent<IncidentEvent>> events = IncidentTopic.await(id, 5);
        assertThat(events.get(4).data().change()).isEqualTo(Change.REVIEW_STARTED);
        assertThat(events.get(4).data().actor()).isEqualTo(Actor.SYSTEM);
    }
}
