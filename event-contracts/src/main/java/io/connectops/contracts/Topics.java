package io.connectops.contracts;

import java.util.List;

/**
 * Kafka topics the services exchange events on. Every topic has a dead-letter twin ({@code <topic>.dlq}) for
 * records that cannot be parsed or applied.
 */
public final class Topics {

    public static final String DLQ_SUFFIX = ".dlq";

    /** Normalised metric samples, keyed by series ({@code instanceId/queueId/metric}). */
    public static final String METRICS = "ops.metrics.v1";
    public static final String METRICS_DLQ = METRICS + DLQ_SUFFIX;

    /**
     * Alerts already evaluated by another system (CloudWatch alarms, Alertmanager, Grafana), keyed by
     * {@code origin/fingerprint}; metrics-ingest writes them, alerting reads them.
     */
    public static final String EXTERNAL_ALERTS = "ops.external-alerts.v1";
    public static final String EXTERNAL_ALERTS_DLQ = EXTERNAL_ALERTS + DLQ_SUFFIX;

    /** Agent state changes, keyed by agent id. */
    public static final String AGENT_EVENTS = "ops.agent-events.v1";
    public static final String AGENT_EVENTS_DLQ = AGENT_EVENTS + DLQ_SUFFIX;

    /** Alert state transitions, keyed by alert fingerprint. */
    public static final String ALERTS = "ops.alerts.v1";
    public static final String ALERTS_DLQ = ALERTS + DLQ_SUFFIX;

    /** Incident lifecycle changes, keyed by incident id. */
    public static final String INCIDENTS = "ops.incidents.v1";
    public static final String INCIDENTS_DLQ = INCIDENTS + DLQ_SUFFIX;

    /** Published schedules, overdue operational tasks and reports, keyed by schedule or task id. */
    public static final String SCHEDULES = "ops.schedules.v1";
    public static final String SCHEDULES_DLQ = SCHEDULES + DLQ_SUFFIX;

    /** Maintenance windows, keyed by window id. */
    public static final String MAINTENANCE = "ops.maintenance.v1";
    public static final String MAINTENANCE_DLQ = MAINTENANCE + DLQ_SUFFIX;

    /** Notification delivery results, keyed by incident id when there is one, else by delivery id. */
    public static final String DELIVERIES = "ops.deliveries.v1";
    public static final String DELIVERIES_DLQ = DELIVERIES + DLQ_SUFFIX;

    /**
     * Commands from people outside the API (Slack buttons, ServiceNow resolutions and comments), keyed by incident
     * id; notifications writes them, incidents applies them. See {@link IncidentCommand}.
     */
    public static final String COMMANDS = "ops.commands.v1";
    public static final String COMMANDS_DLQ = COMMANDS + DLQ_SUFFIX;

    /** The topics that carry events, without their dead-letter twins. */
    public static final List<String> EVENT_TOPICS =
            List.of(METRICS, EXTERNAL_ALERTS, AGENT_EVENTS, ALERTS, INCIDENTS, SCHEDULES, MAINTENANCE, DELIVERIES,
                    COMMANDS);

    private Topics() {
    }

    public static String deadLetterOf(String topic) {
        return topic + DLQ_SUFFIX;
    }

    public static boolean isDeadLetter(String topic) {
        return topic.endsWith(DLQ_SUFFIX);
    }
}
