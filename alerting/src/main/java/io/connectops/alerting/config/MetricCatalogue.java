package io.connectops.alerting.config;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.connectops.alerting.domain.MetricUnit;

/**
 * The metrics rules may name, with their units, as metrics-ingest (and scheduling, for adherence and staffing)
 * publish them on ops.metrics.v1. Rules are validated against it: a rule on an unknown metric would never fire.
 */
public final class MetricCatalogue {

    private static final Map<String, MetricUnit> UNITS = new TreeMap<>(Map.ofEntries(
            Map.entry("abandonment_rate", MetricUnit.PERCENT),
            Map.entry("service_level", MetricUnit.PERCENT),
            Map.entry("oldest_contact_age", MetricUnit.SECONDS),
            Map.entry("contacts_in_queue", MetricUnit.COUNT),
            Map.entry("agents_available", MetricUnit.COUNT),
            Map.entry("agents_online", MetricUnit.COUNT),
            Map.entry("agent_occupancy", MetricUnit.PERCENT),
            Map.entry("avg_queue_answer_time", MetricUnit.SECONDS),
            Map.entry("contacts_handled", MetricUnit.COUNT),
            Map.entry("contacts_abandoned", MetricUnit.COUNT),
            Map.entry("contact_flow_errors", MetricUnit.COUNT),
            Map.entry("contact_flow_fatal_errors", MetricUnit.COUNT),
            Map.entry("lambda_errors", MetricUnit.COUNT),
            Map.entry("lambda_throttles", MetricUnit.COUNT),
            Map.entry("ivr_response_time", MetricUnit.MILLISECONDS),
            Map.entry("api_call_failures", MetricUnit.COUNT),
            Map.entry("lex_recognition_errors", MetricUnit.COUNT),
            Map.entry("negative_sentiment_rate", MetricUnit.PERCENT),
            Map.entry("concurrent_calls", MetricUnit.COUNT),
            Map.entry("concurrent_calls_percentage", MetricUnit.PERCENT),
            Map.entry("dynamodb_throttled_requests", MetricUnit.COUNT),
            Map.entry("schedule_adherence", MetricUnit.PERCENT),
            Map.entry("staffing_gap", MetricUnit.COUNT)));

    private MetricCatalogue() {
    }

    public static Optional<MetricUnit> unitOf(String metric) {
        return Optional.ofNullable(metric == null ? null : UNITS.get(metric));
    }

    public static Iterable<String> names() {
        return UNITS.keySet();
    }
}
