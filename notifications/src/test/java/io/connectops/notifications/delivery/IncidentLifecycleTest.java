package io.connectops.notifications.delivery;

import static io.connectops.notifications.Fixtures.SERVICENOW;
import static io.connectops.notifications.Fixtures.SLACK;
import static io.connectops.notifications.Fixtures.TEAMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.DeliveryEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.IncidentEvent;
import io.connectops.contracts.IncidentEvent.Change;
import io.connectops.contracts.Topics;
import io.connectops.fakes.ReceivedRequest;
import io.connectops.fakes.SlackFake;
import io.connectops.notifications.Fixtures;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** One incident's life, from Kafka to the Slack, Teams and ServiceNow fakes. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class IncidentLifecycleTest {

    @Test
    void oneIncidentMakesOneSlackThreadOneTeamsCardPerChangeAndOneServiceNowRecord() {
        String queue = Fixtures.unique("billing");
        String slackChannel = Fixtures.unique("C");
        String workflow = "/workflows/" + Fixtures.unique("flow");
        String incidentId = Fixtures.unique("inc");
        Fixtures.routeForQueue(queue, Fixtures.slackChannel(slackChannel),
                Fixtures.teamsChannel(TEAMS.baseUrl(), workflow), Fixtures.serviceNowChannel());

        List<CloudEvent<IncidentEvent>> life = List.of(
                Fixtures.incident(incidentId, Change.OPENED, "OPEN", "Abandonment 18% on Billing-EN", queue),
                Fixtures.incident(incidentId, Change.ASSESSED, "INVESTIGATING", "Carrier trunk suspected", queue),
                Fixtures.incident(incidentId, Change.MITIGATED, "MITIGATED", "Calls rerouted to backup trunk", queue),
                Fixtures.incident(incidentId, Change.RESOLVED, "RESOLVED", "Carrier fixed the trunk", queue));
        life.forEach(Fixtures::publish);

        Fixtures.awaitStatuses("incidentId", incidentId, 12, "DELIVERED");

        List<SlackFake.Message> messages = SLACK.messagesIn(slackChannel);
        assertThat(messages).hasSize(4);
        SlackFake.Message parent = messages.get(0);
        assertThat(parent.threadTs()).isNull();
        assertThat(messages.subList(1, 4)).extracting(SlackFake.Message::threadTs).containsOnly(parent.ts());
        assertThat(messages.subList(1, 4)).extracting(SlackFake.Message::text).containsExactly(
                "[P1] INC-" + incidentId.substring(incidentId.length() - 4) + " Billing queue abandonment — Assessed by Alice",
                "[P1] INC-" + incidentId.substring(incidentId.length() - 4) + " Billing queue abandonment — Mitigated by Alice",
                "[P1] INC-" + incidentId.substring(incidentId.length() - 4) + " Billing queue abandonment — Resolved by Alice");
        assertThat(parent.edits()).hasSize(3);
        assertThat(EventCodec.mapper().valueToTree(parent.blocks()).toString()).contains("Status: *RESOLVED*");

        List<ReceivedRequest> cards = TEAMS.received(workflow);
        assertThat(cards).hasSize(4).extracting(ReceivedRequest::answeredStatus).containsOnly(202);
        assertThat(cards.get(0).body()).contains("\"type\":\"AdaptiveCard\"", "Incident opened by Alice",
                "\"color\":\"Attention\"", "Action.OpenUrl");
        assertThat(cards.get(3).body()).contains("Resolved by Alice", "\"color\":\"Good\"");

        List<Map<String, Object>> records = SERVICENOW.incidents().stream()
                .filter(r -> ("connectops:incident:" + incidentId).equals(r.get("correlation_id"))).toList();
        assertThat(records).hasSize(1);
        Map<String, Object> record = records.get(0);
        assertThat(record).containsEntry("state", "6").containsEntry("impact", "1").containsEntry("urgency", "1")
                .containsEntry("close_code", "Solved (Permanently)")
                .containsEntry("close_notes", "Carrier fixed the trunk")
                .containsEntry("assignment_group", "contact-center-ops").containsEntry("category", "inquiry");
        assertThat(SERVICENOW.workNotes((String) record.get("sys_id"))).hasSize(4)
                .last().asString().startsWith("Resolved by Alice");

        List<ConsumerRecord<String, String>> outcomes = TestKafka.awaitRecords(Topics.DELIVERIES,
                r -> incidentId.equals(r.key()), 12, Duration.ofSeconds(30));
        assertThat(outcomes).extracting(r -> EventCodec.decode(r.value(), DeliveryEvent.class).data().status())
                .containsOnly(DeliveryEvent.Status.DELIVERED);
        assertThat(outcomes).extracting(r -> EventCodec.decode(r.value(), DeliveryEvent.class).data().externalRef())
                .contains(parent.ts(), (String) record.get("number"));
    }

    @Test
    void aRedeliveredEventSendsNothingNew() {
        String queue = Fixtures.unique("billing");
        String slackChannel = Fixtures.unique("C");
        String incidentId = Fixtures.unique("inc");
        Fixtures.routeForQueue(queue, Fixtures.slackChannel(slackChannel), Fixtures.serviceNowChannel());
        CloudEvent<IncidentEvent> opened = Fixtures.incident(incidentId, Change.OPENED, "OPEN", "Queue down", queue);
        Fixtures.publish(opened);
        Fixtures.awaitStatuses("incidentId", incidentId, 2, "DELIVERED");

        // The same event again, then a new one behind it on the same partition: when the new one is delivered,
        // the redelivery has been consumed and must have added nothing.
        Fixtures.publish(opened);
        Fixtures.publish(Fixtures.incident(incidentId, Change.STATUS_UPDATE, "OPEN", "Still down", queue));
        Fixtures.awaitStatuses("incidentId", incidentId, 4, "DELIVERED");

        assertThat(SLACK.messagesIn(slackChannel)).hasSize(2);
        assertThat(SERVICENOW.incidents().stream()
                .filter(r -> ("connectops:incident:" + incidentId).equals(r.get("correlation_id")))).hasSize(1);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> SLACK.messagesIn(slackChannel).size() == 2);
    }
}
