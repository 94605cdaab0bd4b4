package io.connectops.incidents.messaging;

import static io.connectops.incidents.IncidentApi.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.IncidentEvent;
import io.connectops.contracts.IncidentEvent.Change;
import io.connectops.contracts.Severity;
import io.connectops.contracts.Topics;
import io.connectops.incidents.IncidentApi;
import io.connectops.incidents.IncidentTopic;
import io.connectops.incidents.domain.LifecycleAction;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Alerts arrive through the real broker and open, attach to, reopen or annotate incidents. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class AlertConsumerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static CloudEvent<AlertEvent> alert(String fingerprint, String group, String queue,
            AlertEvent.State state, Severity severity) {
        AlertEvent data = new AlertEvent(fingerprint, group, "rule-queue-wait", "Queue wait above 120 s", state,
                severity, Map.of("instanceId", "inst-1", "queueId", queue), 185.0, 120.0,
                "Longest wait in " + queue + " is 185 s", "Callers wait too long", "https://runbooks/queue-wait",
                "threshold", Instant.parse("2026-11-22T06:00:00Z"),
                state == AlertEvent.State.RESOLVED ? Instant.parse("2026-11-22T06:20:00Z") : null);
        return CloudEvent.of("/connectops/alerting", data.type(), fingerprint, data);
    }

    private static volatile boolean consumerLive;

    /**
     * The test application's consumer starts at the end of the topic, so a record sent before it has its partitions
     * is never read: probe alerts are sent until one of them has opened an incident.
     */
    @BeforeEach
    void awaitLiveConsumer() {
        if (consumerLive) {
            return;
        }
        String probeQueue = "probe-" + UUID.randomUUID();
        String fingerprint = "fp-probe-" + UUID.randomUUID();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(3)).until(() -> {
            send(alert(fingerprint, null, probeQueue, AlertEvent.State.FIRING, Severity.P1));
            return incidentsOf(probeQueue).getInt("total") >= 1;
        });
        consumerLive = true;
    }

    private static void send(CloudEvent<AlertEvent> event) {
        TestKafka.send(Topics.ALERTS, event.data().fingerprint(), event);
    }

    private static JsonPath incidentsOf(String queue) {
        return IncidentApi.viewer().queryParam("queue", queue).get(BASE).then().statusCode(200).extract().jsonPath();
    }

    private static String awaitOneIncident(String queue) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(incidentsOf(queue).getInt("total")).isEqualTo(1));
        return incidentsOf(queue).getString("items[0].id");
    }

    private static List<String> timelineKinds(String id) {
        return IncidentApi.viewer().get(BASE + "/" + id + "/timeline").then().statusCode(200).extract().jsonPath()
                .getList("items.kind", String.class);
    }

    @Test
    void aFiringP1AlertOpensOneIncidentAndADuplicateOrSameGroupAlertAttaches() {
        String queue = "q-" + UUID.randomUUID();
        String group = "grp-" + UUID.randomUUID();
        String fingerprint = "fp-" + UUID.randomUUID();
        send(alert(fingerprint, group, queue, AlertEvent.State.FIRING, Severity.P1));
        String id = awaitOneIncident(queue);

        JsonPath incident = IncidentApi.viewer().get(BASE + "/" + id).then().extract().jsonPath();
        assertThat(incident.getString("severity")).isEqualTo("P1");
        assertThat(incident.getString("status")).isEqualTo("TRIAGE");
        assertThat(incident.getString("source")).isEqualTo("ALERT");
        assertThat(incident.getString("title")).isEqualTo("Longest wait in " + queue + " is 185 s");
        assertThat(incident.getString("instanceId")).isEqualTo("inst-1");

        // The same alert firing again (a new event) and another alert of the same group attach, never open.
        send(alert(fingerprint, group, queue, AlertEvent.State.FIRING, Severity.P1));
        String sibling = "fp-" + UUID.randomUUID();
        send(alert(sibling, group, queue, AlertEvent.State.FIRING, Severity.P2));
        await().atMost(WAIT).untilAsserted(() -> assertThat(timelineKinds(id))
                .containsExactly("OPENED", "ALERT_ATTACHED", "ALERT_FIRED", "ALERT_ATTACHED"));
        assertThat(incidentsOf(queue).getInt("total")).isEqualTo(1);

        List<CloudEvent<IncidentEvent>> events = IncidentTopic.await(id, 2);
        assertThat(IncidentTopic.changes(events)).containsExactly(Change.OPENED, Change.ALERT_ATTACHED);
        assertThat(events.get(0).data().alertFingerprints()).containsExactly(fingerprint);
        assertThat(events.get(0).data().actor().id()).isEqualTo("alerting/rule-queue-wait");
        assertThat(events.get(1).data().alertFingerprints()).containsExactlyInAnyOrder(fingerprint, sibling);
    }

    @Test
    void aRedeliveredAlertChangesNothing() {
        String queue = "q-" + UUID.randomUUID();
        CloudEvent<AlertEvent> firing = alert("fp-" + UUID.randomUUID(), null, queue, AlertEvent.State.FIRING,
                Severity.P2);
        send(firing);
        String id = awaitOneIncident(queue);
        send(firing);
        send(firing);
        // A marker behind the redeliveries on the same partition (same key): once it is applied, they were skipped.
        send(alert(firing.data().fingerprint(), null, queue, AlertEvent.State.RESOLVED, Severity.P2));
        await().atMost(WAIT).untilAsserted(() -> assertThat(timelineKinds(id))
                .containsExactly("OPENED", "ALERT_ATTACHED", "ALERT_RESOLVED"));
        assertThat(incidentsOf(queue).getInt("total")).isEqualTo(1);
    }

    @Test
    void lowSeverityAlertsDoNotOpenIncidentsAndResolvedAlertsAreRecorded() {
        String queue = "q-" + UUID.randomUUID();
        String fingerprint = "fp-" + UUID.randomUUID();
        send(alert("fp-" + UUID.randomUUID(), null, queue, AlertEvent.State.FIRING, Severity.P3));
        send(alert(fingerprint, null, queue, AlertEvent.State.FIRING, Severity.P2));
        String id = awaitOneIncident(queue);
        send(alert(fingerprint, null, queue, AlertEvent.State.RESOLVED, Severity.P2));
        await().atMost(WAIT).untilAsserted(() -> assertThat(timelineKinds(id)).contains("ALERT_RESOLVED"));
        String text = IncidentApi.viewer().queryParam("kind", "ALERT_RESOLVED").get(BASE + "/" + id + "/timeline")
                .then().extract().path("items[0].text");
        assertThat(text).startsWith("Alert resolved: Queue wait above 120 s [P2, " + fingerprint + "]");
        assertThat(incidentsOf(queue).getInt("total")).isEqualTo(1);
        assertThat(incidentsOf(queue).getString("items[0].severity")).isEqualTo("P2");
    }

    @Test
    void anAlertFiringAgainShortlyAfterItsIncidentWasResolvedReopensIt() {
        String queue = "q-" + UUID.randomUUID();
        String fingerprint = "fp-" + UUID.randomUUID();
        send(alert(fingerprint, null, queue, AlertEvent.State.FIRING, Severity.P2));
        String id = awaitOneIncident(queue);
        IncidentApi.act(id, LifecycleAction.ASSESS).then().statusCode(200);
        IncidentApi.act(id, LifecycleAction.MITIGATE).then().statusCode(200);
        IncidentApi.act(id, LifecycleAction.RESOLVE).then().statusCode(200);

        send(alert(fingerprint, null, queue, AlertEvent.State.FIRING, Severity.P2));
        await().atMost(WAIT).untilAsserted(() -> IncidentApi.viewer().get(BASE + "/" + id).then()
                .body("status", Matchers.equalTo("MITIGATING"))
                .body("reopenCount", Matchers.equalTo(1)));
        assertThat(incidentsOf(queue).getInt("total")).isEqualTo(1);
        List<CloudEvent<IncidentEvent>> events = IncidentTopic.await(id, 5);
        assertThat(IncidentTopic.changes(events)).containsExactly(Change.OPENED, Change.ASSESSED, Change.MITIGATED,
                Change.RESOLVED, Change.REOPENED);
        assertThat(events.get(4).data().message()).contains("fired again");
    }

    @Test
    void aRepeatedAnnouncementOfTheSameFiringNeitherReopensNorOpensAgain() {
        String queue = "q-" + UUID.randomUUID();
        String fingerprint = "fp-" + UUID.randomUUID();
        CloudEvent<AlertEvent> firing = alert(fingerprint, null, queue, AlertEvent.State.FIRING, Severity.P2);
        send(firing);
        String id = awaitOneIncident(queue);
        IncidentApi.act(id, LifecycleAction.ASSESS).then().statusCode(200);
        IncidentApi.act(id, LifecycleAction.MITIGATE).then().statusCode(200);
        IncidentApi.act(id, LifecycleAction.RESOLVE).then().statusCode(200);

        AlertEvent first = firing.data();
        AlertEvent repeat = new AlertEvent(first.fingerprint(), first.groupKey(), first.ruleId(), first.ruleName(),
                first.state(), first.severity(), first.labels(), first.value(), first.threshold(), first.summary(),
                first.description(), first.runbookUrl(), first.reason(), first.startsAt(), null,
                Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(4), AlertEvent.Announcement.REPEAT);
        send(CloudEvent.of("/connectops/alerting", repeat.type(), fingerprint, repeat));
        // A marker behind the repeat on the same partition (same key): once it is applied, the repeat was too.
        send(alert(fingerprint, null, queue, AlertEvent.State.RESOLVED, Severity.P2));
        await().atMost(WAIT).untilAsserted(() -> assertThat(timelineKinds(id)).contains("ALERT_RESOLVED"));

        IncidentApi.viewer().get(BASE + "/" + id).then()
                .body("status", Matchers.equalTo("RESOLVED"))
                .body("reopenCount", Matchers.equalTo(0));
        assertThat(timelineKinds(id)).doesNotContain("ALERT_FIRED");
        assertThat(incidentsOf(queue).getInt("total")).isEqualTo(1);
    }

    @Test
    void anUnreadableAlertGoesToTheDeadLetterTopicAndTheNextOneIsApplied() {
        String queue = "q-" + UUID.randomUUID();
        String fingerprint = "fp-" + UUID.randomUUID();
        TestKafka.send(Topics.ALERTS, fingerprint, "{\"specversion\":\"1.0\",\"id\":\"x\",\"data\":{");
        send(alert(fingerprint, null, queue, AlertEvent.State.FIRING, Severity.P1));
        List<ConsumerRecord<String, String>> dead = TestKafka.awaitRecords(Topics.ALERTS_DLQ,
                record -> fingerprint.equals(record.key()), 1, WAIT);
        assertThat(TestKafka.header(dead.get(0), "dead-letter-reason")).contains("Malformed event");
        awaitOneIncident(queue);
    }
}
