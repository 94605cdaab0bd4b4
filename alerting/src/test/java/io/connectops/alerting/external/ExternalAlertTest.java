package io.connectops.alerting.external;

import static io.connectops.alerting.AlertingFixtures.alertEventsUntil;
import static io.connectops.alerting.AlertingFixtures.uniqueInstance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.ExternalAlert;
import io.connectops.contracts.Severity;
import io.connectops.contracts.Topics;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestKafka;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * CloudWatch alarms (and other systems' alerts) on ops.external-alerts.v1 become alerts of ours at once, through the
 * same silences, grouping and outbox, against the real broker and database.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ExternalAlertTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Inject
    EntityManager entityManager;

    private static ExternalAlert alarm(String arn, String instance, ExternalAlert.Status status, Severity severity) {
        Instant now = Instant.now();
        return new ExternalAlert("cloudwatch", arn, "LambdaErrors-" + instance, status, severity,
                Map.of("instance_id", instance, "namespace", "AWS/Lambda", "alertname", "LambdaErrors"),
                Map.of("summary", "Lambda errors above 5", "description", "Threshold Crossed: 1 datapoint [7.0]"),
                status == ExternalAlert.Status.FIRING ? now : null,
                status == ExternalAlert.Status.RESOLVED ? now : null, 7.0, 5.0, null);
    }

    private static String send(ExternalAlert alert) {
        String id = UUID.randomUUID().toString();
        send(id, alert);
        return id;
    }

    private static void send(String id, ExternalAlert alert) {
        TestKafka.send(Topics.EXTERNAL_ALERTS, alert.key(), new CloudEvent<>(CloudEvent.SPEC_VERSION, id,
                "/connectops/metrics-ingest", alert.type(), Instant.now(), alert.key(), CloudEvent.JSON, alert));
    }

    private static String arn() {
        return "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:LambdaErrors-" + UUID.randomUUID();
    }

    @Test
    void anAlarmFiresAtOnceOnOpsAlertsAndItsOkResolvesIt() {
        String instance = uniqueInstance();
        String arn = arn();
        ExternalAlert firing = alarm(arn, instance, ExternalAlert.Status.FIRING, Severity.P1);
        String fingerprint = ExternalAlertService.fingerprintOf(firing);

        send(firing);
        List<AlertEvent> fired = alertEventsUntil(fingerprint, event -> event.state() == AlertEvent.State.FIRING, TIMEOUT);
        AlertEvent event = fired.get(fired.size() - 1);
        assertThat(fired).extracting(AlertEvent::state).containsExactly(AlertEvent.State.FIRING);
        assertThat(event.severity()).isEqualTo(Severity.P1);
        assertThat(event.ruleName()).isEqualTo("LambdaErrors-" + instance);
        assertThat(event.summary()).isEqualTo("Lambda errors above 5");
        assertThat(event.labels()).containsEntry("instanceId", instance).containsEntry("origin", "cloudwatch")
                .containsEntry("namespace", "AWS/Lambda");

        send(alarm(arn, instance, ExternalAlert.Status.RESOLVED, null));
        assertThat(alertEventsUntil(fingerprint, e -> e.state() == AlertEvent.State.RESOLVED, TIMEOUT))
                .extracting(AlertEvent::state).containsExactly(AlertEvent.State.FIRING, AlertEvent.State.RESOLVED);
    }

    @Test
    void aSilenceMatchingItsLabelsSilencesAnExternalAlert() {
        String instance = uniqueInstance();
        String silence = ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("matchers", List.of(Map.of("label", "instanceId", "values", List.of(instance)),
                        Map.of("label", "namespace", "values", List.of("AWS/Lambda"))),
                        "startsAt", Instant.now().minusSeconds(600).toString(),
                        "endsAt", Instant.now().plusSeconds(3600).toString(), "comment", "Lambda redeploy"))
                .post("/api/v1/silences").then().statusCode(201).extract().path("id");
        String arn = arn();
        ExternalAlert firing = alarm(arn, instance, ExternalAlert.Status.FIRING, null);
        String fingerprint = ExternalAlertService.fingerprintOf(firing);

        send(firing);
        send(alarm(arn, instance, ExternalAlert.Status.RESOLVED, null));

        await().atMost(TIMEOUT).untilAsserted(() -> ApiSecurity.as(Roles.VIEWER)
                .get("/api/v1/alerts/{fp}/history", fingerprint).then().statusCode(200)
                .body("items.state", equalTo(List.of("FIRING", "RESOLVED")))
                .body("items[0].suppressedBy", equalTo(silence))
                .body("items.published", equalTo(List.of(false, false))));
        ApiSecurity.as(Roles.VIEWER).get("/api/v1/alerts/{fp}", fingerprint).then().statusCode(200)
                .body("severity", equalTo("P3"))
                .body("publishedState", equalTo(null));
    }

    /**
     * Alertmanager mutes by what is in force when an alert arrives: a silence made a minute ago mutes an alert whose
     * origin says it started ten minutes ago (a Prometheus rule firing since before the maintenance was announced).
     */
    @Test
    void aSilenceMadeAfterTheAlertStartedAtItsOriginStillMutesItWhenItArrives() {
        String instance = uniqueInstance();
        String silence = ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("matchers", List.of(Map.of("label", "instanceId", "values", List.of(instance))),
                        "startsAt", Instant.now().minusSeconds(60).toString(),
                        "endsAt", Instant.now().plusSeconds(3600).toString(), "comment", "carrier maintenance"))
                .post("/api/v1/silences").then().statusCode(201).extract().path("id");
        String arn = arn();
        ExternalAlert current = alarm(arn, instance, ExternalAlert.Status.FIRING, Severity.P2);
        // Microseconds, as PostgreSQL keeps them (it rounds nanoseconds, so a truncated comparison could be 1 µs off).
        Instant tenMinutesAgo = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.MICROS);
        ExternalAlert startedEarlier = new ExternalAlert(current.origin(), current.key(), current.name(),
                current.status(), current.severity(), current.labels(), current.annotations(), tenMinutesAgo, null,
                current.value(), current.threshold(), current.generatorUrl());
        String fingerprint = ExternalAlertService.fingerprintOf(startedEarlier);

        send(startedEarlier);

        await().atMost(TIMEOUT).untilAsserted(() -> ApiSecurity.as(Roles.VIEWER)
                .get("/api/v1/alerts/{fp}", fingerprint).then().statusCode(200)
                .body("state", equalTo("FIRING"))
                .body("suppressedBy", equalTo(silence))
                .body("publishedState", equalTo(null)));
        Instant startsAt = Instant.parse(ApiSecurity.as(Roles.VIEWER).get("/api/v1/alerts/{fp}", fingerprint)
                .then().extract().path("startsAt"));
        assertThat(startsAt).as("the origin's start is kept").isEqualTo(tenMinutesAgo);
    }

    @Test
    void aRedeliveredRecordChangesNothing() {
        String instance = uniqueInstance();
        String arn = arn();
        ExternalAlert firing = alarm(arn, instance, ExternalAlert.Status.FIRING, Severity.P2);
        String fingerprint = ExternalAlertService.fingerprintOf(firing);
        String firingId = UUID.randomUUID().toString();

        send(firingId, firing);
        alertEventsUntil(fingerprint, event -> event.state() == AlertEvent.State.FIRING, TIMEOUT);
        send(alarm(arn, instance, ExternalAlert.Status.RESOLVED, null));
        alertEventsUntil(fingerprint, event -> event.state() == AlertEvent.State.RESOLVED, TIMEOUT);
        // The same FIRING event again (a redelivery), then a later state: once that one is applied, so was the replay.
        send(firingId, firing);
        String noData = send(alarm(arn, instance, ExternalAlert.Status.NO_DATA, null));

        await().atMost(TIMEOUT).until(() -> applied(noData));
        ApiSecurity.as(Roles.VIEWER).get("/api/v1/alerts/{fp}/history", fingerprint).then().statusCode(200)
                .body("items.state", equalTo(List.of("FIRING", "RESOLVED")));
        ApiSecurity.as(Roles.VIEWER).get("/api/v1/alerts/{fp}", fingerprint).then().statusCode(200)
                .body("state", equalTo("RESOLVED"));
    }

    /** Whether the consumer has applied the event: its bookkeeping of applied events says so. */
    private boolean applied(String eventId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM applied_event WHERE consumer = ?1 AND event_id = ?2")
                .setParameter(1, ExternalAlertConsumer.CONSUMER).setParameter(2, eventId).getSingleResult())
                .longValue() == 1);
    }

    @Test
    void noDataFollowsTheRuleThatClaimsTheAlertAndKeepsTheStateWithoutOne() {
        String instance = uniqueInstance();
        Map<String, Object> rule = new HashMap<>();
        rule.put("name", "CloudWatch alarms of " + instance);
        rule.put("metric", "external:cloudwatch");
        rule.put("instanceId", instance);
        rule.put("comparator", "GT");
        rule.put("threshold", 0);
        rule.put("noData", "FIRE");
        rule.put("severity", "P2");
        rule.put("summary", "A CloudWatch alarm");
        rule.put("description", "An alarm of the instance's account");
        String ruleId = ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON).body(rule).post("/api/v1/rules")
                .then().statusCode(201).extract().path("id");
        ExternalAlert claimed = alarm(arn(), instance, ExternalAlert.Status.NO_DATA, null);
        ExternalAlert unclaimed = alarm(arn(), uniqueInstance(), ExternalAlert.Status.NO_DATA, null);

        String unclaimedId = send(unclaimed);
        send(claimed);

        List<AlertEvent> fired = alertEventsUntil(ExternalAlertService.fingerprintOf(claimed),
                event -> event.state() == AlertEvent.State.FIRING, TIMEOUT);
        assertThat(fired.get(fired.size() - 1).ruleId()).isEqualTo(ruleId);
        await().atMost(TIMEOUT).until(() -> applied(unclaimedId));
        ApiSecurity.as(Roles.VIEWER).get("/api/v1/alerts/{fp}", ExternalAlertService.fingerprintOf(unclaimed))
                .then().statusCode(404);
    }

    @Test
    void anUnreadableRecordGoesToTheDeadLetterTopicWithItsReason() {
        String key = "cloudwatch/" + UUID.randomUUID();
        TestKafka.send(Topics.EXTERNAL_ALERTS, key, "{\"id\":\"" + key + "\",\"data\":");

        var dead = TestKafka.awaitRecords(Topics.EXTERNAL_ALERTS_DLQ, record -> key.equals(record.key()), 1, TIMEOUT);
        assertThat(TestKafka.header(dead.get(0), "dead-letter-reason")).isNotBlank();
        ApiSecurity.as(Roles.ADMIN).get("/api/v1/dead-letters").then().statusCode(200)
                .body("topic", hasItem(Topics.EXTERNAL_ALERTS_DLQ));
        ApiSecurity.as(Roles.ADMIN).get("/api/v1/dead-letters/{topic}/{partition}/{offset}", Topics.EXTERNAL_ALERTS_DLQ,
                dead.get(0).partition(), dead.get(0).offset()).then()
                .statusCode(200).body("key", equalTo(key));
    }
}
