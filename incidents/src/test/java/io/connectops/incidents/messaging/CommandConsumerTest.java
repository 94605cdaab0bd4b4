package io.connectops.incidents.messaging;

import static io.connectops.incidents.IncidentApi.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.connectops.contracts.Actor;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventSources;
import io.connectops.contracts.IncidentCommand;
import io.connectops.contracts.IncidentCommand.Action;
import io.connectops.contracts.IncidentEvent;
import io.connectops.contracts.IncidentEvent.Change;
import io.connectops.contracts.Topics;
import io.connectops.incidents.IncidentApi;
import io.connectops.incidents.IncidentTopic;
import io.connectops.incidents.domain.IncidentStatus;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * Commands from Slack buttons and ServiceNow arrive through the real broker on ops.commands.v1 and act through the
 * lifecycle as the API would: once per command id, a refused move written on the timeline and nothing forced.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class CommandConsumerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Actor BETH = new Actor("servicenow:beth.anglin", "Beth Anglin");
    private static final Actor SLACK_USER = new Actor("slack:U123ABC", "Ana Ops");

    private static volatile boolean consumerLive;

    @Inject
    AgroalDataSource dataSource;

    private static CloudEvent<IncidentCommand> command(String commandId, String incidentId, Action action, Actor actor,
            String text, String origin, String originRef) {
        IncidentCommand data = new IncidentCommand(commandId, incidentId, action, actor, text, origin, originRef,
                Instant.parse("2026-12-06T10:15:00Z"));
        return CloudEvent.of(commandId, EventSources.NOTIFICATIONS, data.type(), incidentId, Instant.now(), data);
    }

    private static void send(CloudEvent<IncidentCommand> command) {
        TestKafka.send(Topics.COMMANDS, command.data().incidentId(), command);
    }

    private static JsonPath timeline(String id) {
        return IncidentApi.viewer().queryParam("size", 200).get(BASE + "/" + id + "/timeline").then().statusCode(200)
                .extract().jsonPath();
    }

    private static List<String> timeline(String id, String kind) {
        return IncidentApi.viewer().queryParam("kind", kind).get(BASE + "/" + id + "/timeline").then()
                .statusCode(200).extract().jsonPath().getList("items.text", String.class);
    }

    private static JsonPath incident(String id) {
        return IncidentApi.viewer().get(BASE + "/" + id).then().statusCode(200).extract().jsonPath();
    }

    private long outboxEvents(String id) throws Exception {
        try (var connection = dataSource.getConnection(); var statement = connection.prepareStatement(
                "SELECT count(*) FROM outbox_event WHERE record_key = ?")) {
            statement.setString(1, id);
            try (var result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    /** How many times to acknowledge were measured for the severity, as Prometheus scrapes it. */
    private static double acknowledgementsMeasured(String severity) {
        String metric = "incidents_time_to_acknowledge_seconds_count{";
        return RestAssured.get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith(metric) && line.contains("severity=\"" + severity + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }

    /**
     * The test application's consumer starts at the end of the topic, so a command sent before it has its
     * partitions is never read: probe comments are sent until one of them is on the timeline.
     */
    @BeforeEach
    void awaitLiveConsumer() {
        if (consumerLive) {
            return;
        }
        String probe = IncidentApi.open("P3", "probe-" + UUID.randomUUID());
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(3)).until(() -> {
            send(command("probe-" + UUID.randomUUID(), probe, Action.COMMENT, SLACK_USER, "probe", "slack", null));
            return !timeline(probe, "COMMENT").isEmpty();
        });
        consumerLive = true;
    }

    @Test
    void aResolutionFromServiceNowResolvesTheIncidentWithItsSummaryByItsAuthor() {
        String id = IncidentApi.inStatus(IncidentStatus.MONITORING, "q-" + UUID.randomUUID());

        send(command("sn-" + UUID.randomUUID(), id, Action.RESOLVE, BETH,
                "Carrier restored the SIP trunk; wait times normal since 10:05", "servicenow", "INC0010042"));

        await().atMost(WAIT).until(() -> "RESOLVED".equals(incident(id).getString("status")));
        assertThat(incident(id).getString("resolution"))
                .isEqualTo("Carrier restored the SIP trunk; wait times normal since 10:05");
        JsonPath entries = timeline(id);
        int last = entries.getList("items").size() - 1;
        assertThat(entries.getString("items[" + last + "].kind")).isEqualTo("STATUS_CHANGED");
        assertThat(entries.getString("items[" + last + "].text")).isEqualTo(
                "MONITORING → RESOLVED. Resolved: Carrier restored the SIP trunk; wait times normal since 10:05");
        assertThat(entries.getString("items[" + last + "].actorId")).isEqualTo("servicenow:beth.anglin");
        assertThat(entries.getString("items[" + last + "].actorName")).isEqualTo("Beth Anglin");

        List<CloudEvent<IncidentEvent>> events = IncidentTopic.await(id, 4);
        assertThat(IncidentTopic.changes(events)).containsExactly(Change.OPENED, Change.ASSESSED, Change.MITIGATED,
                Change.RESOLVED);
        IncidentEvent resolved = events.get(3).data();
        assertThat(resolved.message()).isEqualTo("Carrier restored the SIP trunk; wait times normal since 10:05");
        assertThat(resolved.actor()).isEqualTo(BETH);
        assertThat(resolved.status()).isEqualTo("RESOLVED");
    }

    @Test
    void aButtonPressedTwiceAcknowledgesOnceAndAnnouncesItOnce() throws Exception {
        String id = IncidentApi.open("P3", "q-" + UUID.randomUUID());
        double acknowledgedBefore = acknowledgementsMeasured("P3");
        CloudEvent<IncidentCommand> press = command("slack-" + UUID.randomUUID(), id, Action.ACKNOWLEDGE, SLACK_USER,
                null, "slack", "1765015200.000100");

        send(press);
        send(press);
        // Commands of one incident are applied in order: once this comment is there, both presses were consumed.
        send(command("after-" + UUID.randomUUID(), id, Action.COMMENT, SLACK_USER, "after the presses", "slack",
                null));
        await().atMost(WAIT).until(() -> timeline(id, "COMMENT").contains("after the presses"));

        assertThat(timeline(id, "ACKNOWLEDGED")).containsExactly("Acknowledged by Ana Ops");
        assertThat(timeline(id, "COMMAND_REFUSED")).isEmpty();
        assertThat(incident(id).getString("acknowledgedBy")).isEqualTo("Ana Ops");

        List<CloudEvent<IncidentEvent>> events = IncidentTopic.await(id, 3);
        assertThat(IncidentTopic.changes(events)).containsExactly(Change.OPENED, Change.ACKNOWLEDGED,
                Change.COMMENTED);
        assertThat(events.get(1).data().actor()).isEqualTo(SLACK_USER);
        assertThat(events.get(1).data().message()).isEqualTo("Acknowledged by Ana Ops");
        assertThat(outboxEvents(id)).isEqualTo(3);
        // MTTA measures the acknowledgement from chat as it does the API's, once.
        assertThat(acknowledgementsMeasured("P3")).isEqualTo(acknowledgedBefore + 1);
    }

    @Test
    void movesTheLifecycleRefusesAreOnTheTimelineAndChangeNothing() throws Exception {
        String closed = IncidentApi.inStatus(IncidentStatus.CLOSED, "q-" + UUID.randomUUID());
        JsonPath before = incident(closed);
        long eventsBefore = outboxEvents(closed);

        send(command("sn-" + UUID.randomUUID(), closed, Action.RESOLVE, BETH, "Fixed by the carrier", "servicenow",
                "INC0010043"));
        await().atMost(WAIT).until(() -> !timeline(closed, "COMMAND_REFUSED").isEmpty());

        assertThat(timeline(closed, "COMMAND_REFUSED")).containsExactly(
                "Resolve from servicenow (INC0010043) refused: resolve is not allowed in state CLOSED");
        JsonPath after = incident(closed);
        assertThat(after.getString("status")).isEqualTo("CLOSED");
        assertThat(after.getString("resolution")).isEqualTo(before.getString("resolution"));
        assertThat(after.getString("updatedAt")).isEqualTo(before.getString("updatedAt"));
        assertThat(outboxEvents(closed)).isEqualTo(eventsBefore);

        String open = IncidentApi.open("P3", "q-" + UUID.randomUUID());
        IncidentApi.manager().post(BASE + "/" + open + "/acknowledge").then().statusCode(200);
        send(command("slack-" + UUID.randomUUID(), open, Action.ACKNOWLEDGE, SLACK_USER, null, "slack",
                "1765015200.000200"));
        await().atMost(WAIT).until(() -> !timeline(open, "COMMAND_REFUSED").isEmpty());
        assertThat(timeline(open, "COMMAND_REFUSED").get(0))
                .startsWith("Acknowledge from slack (1765015200.000200) refused: already acknowledged by ana.ops at ");
        assertThat(incident(open).getString("acknowledgedBy")).isEqualTo("ana.ops");
        assertThat(timeline(open, "ACKNOWLEDGED")).containsExactly("Acknowledged by ana.ops");
        assertThat(timeline(open).getString("items[-1].actorId")).isEqualTo("slack:U123ABC");
    }

    @Test
    void aCommentFromServiceNowIsOnTheTimelineAndAnnouncedAsCommented() {
        String id = IncidentApi.open("P3", "q-" + UUID.randomUUID());

        send(command("sn-" + UUID.randomUUID(), id, Action.COMMENT, BETH, "Carrier ticket 88231 opened", "servicenow",
                "INC0010044"));

        await().atMost(WAIT).until(() -> !timeline(id, "COMMENT").isEmpty());
        JsonPath entries = IncidentApi.viewer().queryParam("kind", "COMMENT").get(BASE + "/" + id + "/timeline")
                .then().extract().jsonPath();
        assertThat(entries.getString("items[0].text")).isEqualTo("Carrier ticket 88231 opened");
        assertThat(entries.getString("items[0].actorId")).isEqualTo("servicenow:beth.anglin");
        assertThat(entries.getString("items[0].actorName")).isEqualTo("Beth Anglin");
        assertThat(incident(id).getString("status")).isEqualTo("TRIAGE");

        List<CloudEvent<IncidentEvent>> events = IncidentTopic.await(id, 2);
        assertThat(IncidentTopic.changes(events)).containsExactly(Change.OPENED, Change.COMMENTED);
        assertThat(events.get(1).type()).isEqualTo("connectops.incident.commented.v1");
        IncidentEvent commented = events.get(1).data();
        assertThat(commented.message()).isEqualTo("Carrier ticket 88231 opened");
        assertThat(commented.actor()).isEqualTo(BETH);
        assertThat(commented.escalationTarget()).isNull();
    }

    @Test
    void unreadableCommandsAndCommandsAboutUnknownIncidentsAreDeadLettered() {
        String garbageKey = "garbage-" + UUID.randomUUID();
        TestKafka.send(Topics.COMMANDS, garbageKey, "{not json");
        String unknown = UUID.randomUUID().toString();
        send(command("sn-" + UUID.randomUUID(), unknown, Action.COMMENT, BETH, "About nothing", "servicenow", null));
        String id = IncidentApi.open("P3", "q-" + UUID.randomUUID());
        send(command("sn-" + UUID.randomUUID(), id, Action.RESOLVE, BETH, " ", "servicenow", null));

        List<ConsumerRecord<String, String>> dead = TestKafka.awaitRecords(Topics.COMMANDS_DLQ,
                record -> List.of(garbageKey, unknown, id).contains(record.key()), 3, WAIT);
        assertThat(dead).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(garbageKey, unknown, id);
        assertThat(dead).extracting(record -> TestKafka.header(record, "dead-letter-reason"))
                .anySatisfy(reason -> assertThat(reason).contains("does not exist here"))
                .anySatisfy(reason -> assertThat(reason).contains("RESOLVE command without text"));
        assertThat(incident(id).getString("status")).isEqualTo("TRIAGE");
    }
}
