package io.connectops.alerting.config;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.connectops.alerting.domain.MetricUnit;

/**
 * The metrics rules may name, with their units, as metrics-ingest (and scheduling, for adherence and staffing; kept in step with metrics-ingest's MetricCatalogue)
 * publish them on ops.metrics.v1. Rules are validated against it: a rule on an unknown metric would never fire.
 */
public final class MetricCatalogue {

    private static final Map<String, MetricUnit> UNITS = new TreeMap<>(Map.ofEntries(
            Map.entry("agents_online", MetricUnit.COUNT),
            Map.entry("agents_available", MetricUnit.COUNT),
            Map.entry("agents_on_contact", MetricUnit.COUNT),
            Map.entry("agents_after_contact_work", MetricUnit.COUNT),
            Map.entry("agents_non_productive", MetricUnit.COUNT),
            Map.entry("agents_error", MetricUnit.COUNT),
            Map.entry("agents_staffed", MetricUnit.COUNT),
            Map.entry("contacts_in_queue", MetricUnit.COUNT),
            Map.entry("oldest_contact_age", MetricUnit.SECONDS),
            Map.entry("contacts_scheduled", MetricUnit.COUNT),
            Map.entry("slots_active", MetricUnit.COUNT),
            Map.entry("slots_available", MetricUnit.COUNT),
            Map.entry("abandonment_rate", MetricUnit.PERCENT),
            Map.entry("service_level", MetricUnit.PERCENT),
            Map.entry("avg_queue_answer_time", MetricUnit.SECONDS),
            Map.entry("avg_handle_time", MetricUnit.SECONDS),
            Map.entry("avg_abandon_time", MetricUnit.SECONDS),
            Map.entry("contacts_handled", MetricUnit.COUNT),
            Map.entry("contacts_abandoned", MetricUnit.COUNT),
            Map.entry("contacts_queued", MetricUnit.COUNT),
            Map.entry("agent_occupancy", MetricUnit.PERCENT),
            Map.entry("concurrent_calls", MetricUnit.COUNT),
            Map.entry("concurrent_calls_percentage", MetricUnit.PERCENT),
            Map.entry("calls_breaching_concurrency_quota", MetricUnit.COUNT),
            Map.entry("throttled_calls", MetricUnit.COUNT),
            Map.entry("missed_calls", MetricUnit.COUNT),
            Map.entry("misconfigured_phone_numbers", MetricUnit.COUNT),
            Map.entry("contact_flow_errors", MetricUnit.COUNT),
            Map.entry("contact_flow_fatal_errors", MetricUnit.COUNT),
            Map.entry("queue_size", MetricUnit.COUNT),
            Map.entry("longest_queue_wait_time", MetricUnit.SECONDS),
            Map.entry("queue_capacity_exceeded_errors", MetricUnit.COUNT),
            Map.entry("lambda_errors", MetricUnit.COUNT),
            Map.entry("lambda_throttles", MetricUnit.COUNT),
            Map.entry("lambda_duration", MetricUnit.MILLISECONDS),
            Map.entry("lambda_invocations", MetricUnit.COUNT),
            Map.entry("lex_recognition_errors", MetricUnit.COUNT),
            Map.entry("lex_user_errors", MetricUnit.COUNT),
            Map.entry("lex_lambda_errors", MetricUnit.COUNT),
            Map.entry("lex_throttled_events", MetricUnit.COUNT),
            Map.entry("lex_missed_utterances", MetricUnit.COUNT),
            Map.entry("dynamodb_throttled_requests", MetricUnit.COUNT),
            Map.entry("dynamodb_read_throttle_events", MetricUnit.COUNT),
            Map.entry("dynamodb_write_throttle_events", MetricUnit.COUNT),
            Map.entry("dynamodb_consumed_read_capacity", MetricUnit.COUNT),
            Map.entry("dynamodb_consumed_write_capacity", MetricUnit.COUNT),
            Map.entry("ivr_response_time", MetricUnit.MILLISECONDS),
            Map.entry("api_call_failures", MetricUnit.COUNT),
            Map.entry("negative_sentiment_rate", MetricUnit.PERCENT),
            Map.entry("schedule_adherence", MetricUnit.PERCENT),
            Map.entry("staffing_gap", MetricUnit.COUNT)));

    /** Metrics that go below zero: staffing_gap is agents scheduled minus agents required. */
    private static final Set<String> SIGNED = Set.of("staffing_gap");

    private MetricCatalogue() {
    }

    public static Optional<MetricUnit> unitOf(String metric) {
        return Optional.ofNullable(metric == null ? null : UNITS.get(metric));
    }

    public static boolean isSigned(String metric) {
        return SIGNED.contains(metric);
    }

    public static Iterable<String> names() {
        return UNITS.keySet();
    }
}
