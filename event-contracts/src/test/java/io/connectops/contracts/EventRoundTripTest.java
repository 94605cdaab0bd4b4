package io.connectops.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class EventRoundTripTest {

    private static final Instant AT = Instant.parse("2026-11-22T09:15:00Z");

    private static <T> void assertRoundTrip(String type, T data) {
        CloudEvent<T> sent = CloudEvent.of("evt-1", "/connectops/test", type, "subject-1", AT, data);
        String json = EventCodec.encode(sent);

        @SuppressWarnings("unchecked")
        CloudEvent<T> received = EventCodec.decode(json, (Class<T>) data.getClass());

        assertThat(received).isEqualTo(sent);
        assertThat(json).contains("\"specversion\":\"1.0\"", "\"type\":\"" + type + "\"",
                "\"time\":\"2026-11-22T09:15:00Z\"");
    }

    @Test
    void metricSample() {
        MetricSample sample = new MetricSample("connect", "inst-1", "q-1", "VOICE", null, "abandonment_rate", 6.5,
                "PERCENT", AT, Map.of("region", "eu-west-2"));
        assertRoundTrip(MetricSample.TYPE, sample);
        assertThat(sample.seriesKey()).isEqualTo("inst-1/q-1/VOICE/abandonment_rate");
    }

    @Test
    void twoLambdaFunctionsOfOneInstanceAreTwoSeries() {
        MetricSample lookup = new MetricSample("cloudwatch", "inst-1", null, null, null, "lambda_errors", 3.0, "COUNT",
                AT, Map.of("function_name", "lookup", "region", "eu-west-2"));
        MetricSample payments = new MetricSample("cloudwatch", "inst-1", null, null, null, "lambda_errors", 3.0,
                "COUNT", AT, Map.of("function_name", "payments"));

        assertThat(lookup.seriesKey()).isEqualTo("inst-1/-/function_name:lookup/lambda_errors");
        assertThat(payments.seriesKey()).isNotEqualTo(lookup.seriesKey());
    }

    @Test
    void metricSampleWithoutDataStaysNull() {
        MetricSample noData = new MetricSample("connect", "inst-1", "q-1", null, null, "service_level", null,
                "PERCENT", AT, null);
        assertRoundTrip(MetricSample.TYPE, noData);
        String json = EventCodec.encode(CloudEvent.of("s", MetricSample.TYPE, null, noData));
        assertThat(EventCodec.decode(json, MetricSample.class).data().hasData()).isFalse();
    }

    @Test
    void agentStateChanged() {
        assertRoundTrip(AgentStateChanged.TYPE,
                new AgentStateChanged("inst-1", "agent-7", "jdoe", "Available", "Lunch", "NOT_ROUTABLE", AT));
    }

    @Test
    void alertEvent() {
        AlertEvent alert = new AlertEvent("fp-1", "rule-1/inst-1", "rule-1", "Abandonment rate high",
                AlertEvent.State.FIRING, Severity.P2, Map.of("queueId", "q-1"), 6.0, 5.0, "Abandonment 6% > 5%",
                "Callers hang up", "https://runbooks/abandonment", "threshold", AT.minusSeconds(960), null);
        assertRoundTrip(alert.type(), alert);
        assertThat(alert.type()).isEqualTo("connectops.alert.firing.v1");

        AlertEvent announced = new AlertEvent("fp-1", "rule-1/inst-1", "rule-1", "Abandonment rate high",
                AlertEvent.State.FIRING, Severity.P2, Map.of("queueId", "q-1"), 6.0, 5.0, "Abandonment 6% > 5%",
                "Callers hang up", null, "threshold", AT.minusSeconds(960), null, Duration.ofSeconds(30),
                Duration.ofMinutes(5), Duration.ofHours(4), AlertEvent.Announcement.REPEAT);
        assertRoundTrip(announced.type(), announced);
        assertThat(announced.repeatInterval()).isEqualTo(Duration.ofHours(4));
    }

    @Test
    void incidentEvent() {
        IncidentEvent incident = new IncidentEvent("inc-1", "INC-42", IncidentEvent.Change.SEVERITY_CHANGED,
                "MITIGATING", Severity.P1, "Queue outage", "All callers", "Raised: outage widened", List.of("q-1"),
                List.of("fp-1"), "alice", 1, "engineering", new Actor("sub-1", "Alice"), AT,
                "https://connectops/incidents/inc-1");
        assertRoundTrip(incident.type(), incident);
        assertThat(incident.type()).isEqualTo("connectops.incident.severity-changed.v1");

        IncidentEvent actionRequested = new IncidentEvent("inc-1", "INC-42", IncidentEvent.Change.ACTION_REQUESTED,
                "MITIGATING", Severity.P1, "Queue outage", "All callers", "Fail over to the second carrier",
                List.of("q-1"), List.of("fp-1"), "alice", 0, null, new Actor("sub-1", "Alice"), AT,
                "https://connectops/incidents/inc-1", "act-7", null);
        assertRoundTrip(actionRequested.type(), actionRequested);
        assertThat(actionRequested.actionId()).isEqualTo("act-7");

        IncidentEvent merged = new IncidentEvent("inc-2", "INC-43", IncidentEvent.Change.CANCELLED, "CANCELLED",
                Severity.P2, "Queue outage (duplicate)", null, "Merged into INC-42", List.of("q-1"), List.of(),
                null, 0, null, new Actor("sub-1", "Alice"), AT, "https://connectops/incidents/inc-2", null, "inc-1");
        assertRoundTrip(merged.type(), merged);
        assertThat(merged.mergedInto()).isEqualTo("inc-1");
    }

    @Test
    void deliveryEvent() {
        DeliveryEvent delivery = new DeliveryEvent("del-1", "evt-9", "connectops.incident.opened.v1", "inc-1", "ch-1",
                "SLACK", DeliveryEvent.Status.DEAD_LETTERED, 5, "1700000000.000100", "HTTP 500", AT);
        assertRoundTrip(delivery.type(), delivery);
        assertThat(delivery.type()).isEqualTo("connectops.delivery.dead-lettered.v1");

        DeliveryEvent external = new DeliveryEvent("del-2", "sn-cb-1", "servicenow.callback", "inc-1", "ch-2",
                "SERVICENOW", DeliveryEvent.Status.EXTERNAL_UPDATE, 0, "INC0010002", "Resolved in ServiceNow", AT,
                new DeliveryEvent.ExternalUpdate("SERVICENOW", "RESOLVED", "INC0010002", "6", "bob", "Ops",
                        null, "Solved (Permanently)", "Carrier fixed the trunk", "bob"));
        assertRoundTrip(external.type(), external);
        assertThat(external.type()).isEqualTo("connectops.delivery.external-update.v1");
    }

    @Test
    void schedulePublished() {
        assertRoundTrip(SchedulePublished.TYPE, new SchedulePublished("sch-1", "grp-1", "Billing",
                LocalDate.parse("2026-11-23"), LocalDate.parse("2026-12-06"), 60, 0.97, "sup-1", AT));
    }

    @Test
    void opsTaskOverdue() {
        assertRoundTrip(OpsTaskOverdue.TYPE,
                new OpsTaskOverdue("task-1", "tpl-1", "Start-of-day checklist", "HIGH", "ops", AT, 3));
    }

    @Test
    void maintenanceWindowEvent() {
        MaintenanceWindowEvent window = new MaintenanceWindowEvent("mw-1", MaintenanceWindowEvent.Change.ANNOUNCED,
                "Contact flow deploy", "New IVR", List.of("inst-1"), List.of("q-1", "q-2"), AT, AT.plusSeconds(3600),
                "bob", null);
        assertRoundTrip(window.type(), window);
        assertThat(window.type()).isEqualTo("connectops.maintenance.announced.v1");
    }

    @Test
    void malformedJsonIsRejectedWithAReason() {
        assertThatThrownBy(() -> EventCodec.decode("{not json", MetricSample.class))
                .isInstanceOf(EventCodec.MalformedEventException.class);
        assertThatThrownBy(() -> EventCodec.decode("{\"specversion\":\"1.0\",\"source\":\"s\",\"type\":\"t\"}",
                MetricSample.class))
                .isInstanceOf(EventCodec.MalformedEventException.class)
                .hasMessageContaining("id");
    }

    @Test
    void externalAlertKeepsItsOriginAndFingerprintAsKey() {
        ExternalAlert alarm = new ExternalAlert("cloudwatch", "arn:aws:cloudwatch:eu-west-2:111122223333:alarm:flow-errors",
                "flow-errors", ExternalAlert.Status.NO_DATA, Severity.P2, Map.of("namespace", "AWS/Connect"),
                Map.of("summary", "Contact flow errors"), AT.minusSeconds(60), null, 3.0, 1.0, null);
        assertRoundTrip(alarm.type(), alarm);
        assertThat(alarm.type()).isEqualTo("connectops.external-alert.no-data.v1");
        assertThat(alarm.key()).isEqualTo("cloudwatch/arn:aws:cloudwatch:eu-west-2:111122223333:alarm:flow-errors");
    }

    @Test
    void incidentCommandIsTypedByItsAction() {
        IncidentCommand resolve = new IncidentCommand("servicenow/6816f79cc0a8016401c5a33be04be441/2026-11-22 09:14:58",
                "3f1c2a4e-0d7b-4c56-9a1e-2b8f6f0c9d11", IncidentCommand.Action.RESOLVE,
                new Actor("servicenow:beth.anglin", "Beth Anglin"), "Restarted the lookup Lambda", "servicenow",
                "INC0010023", AT.minusSeconds(2));
        assertRoundTrip(resolve.type(), resolve);
        assertThat(resolve.type()).isEqualTo("connectops.command.resolve.v1");
        assertThat(IncidentCommand.typeOf(IncidentCommand.Action.ACKNOWLEDGE))
                .isEqualTo("connectops.command.acknowledge.v1");
    }

    @Test
    void everyTopicHasADeadLetterTwin() {
        assertThat(Topics.EVENT_TOPICS).hasSize(9).allSatisfy(topic -> {
            assertThat(Topics.isDeadLetter(topic)).isFalse();
            assertThat(Topics.deadLetterOf(topic)).isEqualTo(topic + ".dlq");
        });
        assertThat(Topics.ALERTS_DLQ).isEqualTo("ops.alerts.v1.dlq");
    }
}
