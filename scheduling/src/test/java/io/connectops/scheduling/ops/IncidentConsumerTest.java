package io.connectops.scheduling.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.IncidentEvent;
import io.connectops.contracts.IncidentEvent.Change;
import io.connectops.contracts.Severity;
import io.connectops.contracts.Topics;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestKafka;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class IncidentConsumerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    DueTaskService tasks;

    @Test
    void anIncidentOfTheNightIsOnTheNextStartOfDayTask() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        // A start-of-day check of this test's own at midnight UTC today, due before the day ends, so that its task
        // is among today's whenever the test runs.
        String templateId = ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json")
                .body("{\"name\":\"start-of-day-" + suffix + "\",\"kind\":\"CHECKLIST\",\"priority\":\"HIGH\","
                        + "\"cron\":\"0 0 0 ? * *\",\"timeZone\":\"UTC\",\"dueAfterMinutes\":1439,"
                        + "\"checklist\":[\"Review overnight incidents and their status\"],\"overnightIncidents\":true}")
                .post("/api/v1/ops-task-templates").then().statusCode(201).extract().jsonPath().getString("id");
        try {
            Instant midnight = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
            IncidentEvent lastNight = incident("night-" + suffix, Change.OPENED, "TRIAGE", Severity.P1,
                    "IVR rejects calls " + suffix, midnight.minus(Duration.ofHours(3)));
            IncidentEvent dayBefore = incident("before-" + suffix, Change.OPENED, "TRIAGE", Severity.P3,
                    "Slow chat " + suffix, midnight.minus(Duration.ofHours(50)));
            IncidentEvent resolvedBefore = incident("before-" + suffix, Change.RESOLVED, "RESOLVED", Severity.P3,
                    "Slow chat " + suffix, midnight.minus(Duration.ofHours(30)));
            publish(lastNight);
            publish(dayBefore);
            publish(resolvedBefore);
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(summary(lastNight.incidentId())).isNotNull();
                assertThat(summary(resolvedBefore.incidentId())).extracting(s -> s.status).isEqualTo("RESOLVED");
            });

            tasks.createDueTasks(midnight.plusSeconds(30));

            JsonPath today = ApiSecurity.as(Roles.VIEWER).queryParam("due", "today").queryParam("templateId", templateId)
                    .get("/api/v1/ops-tasks").then().statusCode(200).extract().jsonPath();
            assertThat(today.getList("items")).hasSize(1);
            assertThat(today.getString("items[0].task.report.overnightIncidents.from"))
                    .isEqualTo(midnight.minus(Duration.ofHours(24)).toString());
            List<Map<String, Object>> incidents = today.getList("items[0].task.report.overnightIncidents.incidents");
            assertThat(incidents).filteredOn(row -> row.get("reference").toString().endsWith(suffix))
                    .containsExactly(Map.of("reference", lastNight.reference(), "severity", "P1", "status", "TRIAGE",
                            "title", "IVR rejects calls " + suffix, "openedAt", lastNight.occurredAt().toString()));
        } finally {
            ApiSecurity.as(Roles.SUPERVISOR).post("/api/v1/ops-task-templates/" + templateId + "/deactivate")
                    .then().statusCode(200);
        }
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Instant opened = Instant.parse("2025-06-02T02:00:00Z");
        IncidentEvent open = incident("redelivered-" + suffix, Change.OPENED, "TRIAGE", Severity.P1, "Queue stuck",
                opened);
        IncidentEvent resolve = incident(open.incidentId(), Change.RESOLVED, "RESOLVED", Severity.P1, "Queue stuck",
                opened.plusSeconds(600));
        IncidentEvent reopen = incident(open.incidentId(), Change.REOPENED, "TRIAGE", Severity.P2, "Queue stuck",
                opened.plusSeconds(1200));
        CloudEvent<IncidentEvent> resolution = envelope(resolve);
        publish(open);
        TestKafka.send(Topics.INCIDENTS, open.incidentId(), resolution);
        publish(reopen);
        await().atMost(PATIENCE).untilAsserted(
                () -> assertThat(summary(open.incidentId())).extracting(s -> s.severity).isEqualTo("P2"));

        TestKafka.send(Topics.INCIDENTS, open.incidentId(), resolution);
        // A poison record on the same key, hence the same partition, is read only after the redelivery.
        TestKafka.send(Topics.INCIDENTS, open.incidentId(), "not an event");
        TestKafka.awaitRecords(Topics.INCIDENTS_DLQ, r -> open.incidentId().equals(r.key()), 1, PATIENCE);

        IncidentSummary after = summary(open.incidentId());
        assertThat(after.status).isEqualTo("TRIAGE");
        assertThat(after.resolvedAt).isNull();
        assertThat(after.openedAt).isEqualTo(opened);
    }

    @Test
    void anUnreadableRecordGoesToTheDeadLetterTopicAndTheNextEventIsApplied() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String key = "unreadable-" + suffix;
        TestKafka.send(Topics.INCIDENTS, key, "{\"specversion\":\"1.0\",\"id\":\"broken");
        IncidentEvent withoutTime = incident(key, Change.OPENED, "TRIAGE", Severity.P2, "No time", null);
        publish(withoutTime);
        IncidentEvent next = incident(key, Change.OPENED, "TRIAGE", Severity.P2, "Fine",
                Instant.parse("2025-06-02T03:00:00Z"));
        publish(next);

        List<ConsumerRecord<String, String>> dead = TestKafka.awaitRecords(Topics.INCIDENTS_DLQ,
                r -> key.equals(r.key()), 2, PATIENCE);
        assertThat(dead).allSatisfy(
                record -> assertThat(TestKafka.header(record, "dead-letter-reason")).contains("Malformed event"));
        await().atMost(PATIENCE).untilAsserted(
                () -> assertThat(summary(key)).extracting(s -> s.title).isEqualTo("Fine"));
    }

    private static IncidentEvent incident(String id, Change change, String status, Severity severity, String title,
            Instant occurredAt) {
        return new IncidentEvent(id, "INC-" + id, change, status, severity, title, null, null, List.of("q-" + id),
                List.of(), null, 0, null, null, occurredAt, null);
    }

    private static CloudEvent<IncidentEvent> envelope(IncidentEvent incident) {
        return CloudEvent.of("/test", incident.type(), incident.incidentId(), incident);
    }

    private static void publish(IncidentEvent incident) {
        TestKafka.send(Topics.INCIDENTS, incident.incidentId(), envelope(incident));
    }

    private static IncidentSummary summary(String incidentId) {
        return QuarkusTransaction.requiringNew().call(() -> IncidentSummary.findById(incidentId));
    }
}
