package io.connectops.contracts.metrics;

import static io.connectops.contracts.metrics.MetricOrigin.CLOUDWATCH;
import static io.connectops.contracts.metrics.MetricOrigin.CONNECT_INTERVAL;
import static io.connectops.contracts.metrics.MetricOrigin.CONNECT_REALTIME;
import static io.connectops.contracts.metrics.MetricOrigin.PUSH;
import static io.connectops.contracts.metrics.MetricOrigin.SCHEDULING;
import static io.connectops.contracts.metrics.MetricUnit.COUNT;
import static io.connectops.contracts.metrics.MetricUnit.MILLISECONDS;
import static io.connectops.contracts.metrics.MetricUnit.PERCENT;
import static io.connectops.contracts.metrics.MetricUnit.SECONDS;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every metric published on {@code ops.metrics.v1}, with its unit and meaning: metrics-ingest validates what it
 * publishes against it and alerting validates rules against it. Alert rules name these metrics, so a name changes
 * only with a new topic version. Pushed metrics outside the catalogue must start with
 * {@value #CUSTOM_PREFIX} and name their unit.
 */
public final class MetricCatalogue {

    public static final String CUSTOM_PREFIX = "custom_";
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{1,99}");

    private static final List<MetricDefinition> ALL = List.of(
            // GetCurrentMetricData: the real-time report.
            d("agents_online", COUNT, CONNECT_REALTIME, "AGENTS_ONLINE",
                    "Agents whose status is anything but Offline, custom statuses included"),
            d("agents_available", COUNT, CONNECT_REALTIME, "AGENTS_AVAILABLE",
                    "Agents in Available status with no contact, who can take an inbound contact"),
            d("agents_on_contact", COUNT, CONNECT_REALTIME, "AGENTS_ON_CONTACT", "Agents on a contact"),
            d("agents_after_contact_work", COUNT, CONNECT_REALTIME, "AGENTS_AFTER_CONTACT_WORK",
                    "Agents in after-contact work"),
            d("agents_non_productive", COUNT, CONNECT_REALTIME, "AGENTS_NON_PRODUCTIVE",
                    "Agents in a custom status such as Break or Training"),
            d("agents_error", COUNT, CONNECT_REALTIME, "AGENTS_ERROR",
                    "Agents in Error state: a missed call, a rejected chat or task, a connection failure"),
            d("agents_staffed", COUNT, CONNECT_REALTIME, "AGENTS_STAFFED", "Agents online and not in a custom status"),
            d("contacts_in_queue", COUNT, CONNECT_REALTIME, "CONTACTS_IN_QUEUE", "Contacts waiting in the queue"),
            d("oldest_contact_age", SECONDS, CONNECT_REALTIME, "OLDEST_CONTACT_AGE",
                    "How long the contact that has waited longest has been waiting"),
            d("contacts_scheduled", COUNT, CONNECT_REALTIME, "CONTACTS_SCHEDULED", "Scheduled callbacks waiting"),
            d("slots_active", COUNT, CONNECT_REALTIME, "SLOTS_ACTIVE", "Agent slots occupied by a contact"),
            d("slots_available", COUNT, CONNECT_REALTIME, "SLOTS_AVAILABLE",
                    "Free agent slots, following routing-profile concurrency"),
            // GetMetricDataV2: closed 15-minute intervals, stamped with the interval end.
            d("abandonment_rate", PERCENT, CONNECT_INTERVAL, "ABANDONMENT_RATE",
                    "Share of queued contacts abandoned in the interval"),
            d("service_level", PERCENT, CONNECT_INTERVAL, "SERVICE_LEVEL",
                    "Share of contacts answered within the source's service-level threshold (label threshold_seconds)"),
            d("avg_queue_answer_time", SECONDS, CONNECT_INTERVAL, "AVG_QUEUE_ANSWER_TIME",
                    "Average time answered contacts waited in the queue"),
            d("avg_handle_time", SECONDS, CONNECT_INTERVAL, "AVG_HANDLE_TIME",
                    "Average talk, hold and after-contact work time per handled contact"),
            d("avg_abandon_time", SECONDS, CONNECT_INTERVAL, "AVG_ABANDON_TIME",
                    "Average time abandoned contacts waited before hanging up"),
            d("contacts_handled", COUNT, CONNECT_INTERVAL, "CONTACTS_HANDLED", "Contacts handled by an agent"),
            d("contacts_abandoned", COUNT, CONNECT_INTERVAL, "CONTACTS_ABANDONED", "Contacts abandoned in the queue"),
            d("contacts_queued", COUNT, CONNECT_INTERVAL, "CONTACTS_QUEUED", "Contacts put in the queue"),
            d("agent_occupancy", PERCENT, CONNECT_INTERVAL, "AGENT_OCCUPANCY",
                    "Share of agents' online time spent on contacts, per routing profile (label routing_profile_id)"),
            // CloudWatch alarms through SNS: the datapoint that changed the alarm's state.
            d("concurrent_calls", COUNT, CLOUDWATCH, "AWS/Connect/ConcurrentCalls", "Voice calls in progress"),
            d("concurrent_calls_percentage", PERCENT, CLOUDWATCH, "AWS/Connect/ConcurrentCallsPercentage",
                    "Concurrent calls as a share of the instance's quota"),
            d("calls_breaching_concurrency_quota", COUNT, CLOUDWATCH, "AWS/Connect/CallsBreachingConcurrencyQuota",
                    "Calls refused because the concurrency quota was reached"),
            d("throttled_calls", COUNT, CLOUDWATCH, "AWS/Connect/ThrottledCalls",
                    "Calls rejected because the call rate exceeded the quota"),
            d("missed_calls", COUNT, CLOUDWATCH, "AWS/Connect/MissedCalls",
                    "Calls not answered by an agent within 20 seconds"),
            d("misconfigured_phone_numbers", COUNT, CLOUDWATCH, "AWS/Connect/MisconfiguredPhoneNumbers",
                    "Calls to numbers not attached to a flow"),
            d("contact_flow_errors", COUNT, CLOUDWATCH, "AWS/Connect/ContactFlowErrors",
                    "Flow blocks that took their error branch (label contact_flow_name)"),
            d("contact_flow_fatal_errors", COUNT, CLOUDWATCH, "AWS/Connect/ContactFlowFatalErrors",
                    "Flows that failed with a system error (label contact_flow_name)"),
            d("queue_size", COUNT, CLOUDWATCH, "AWS/Connect/QueueSize", "Contacts in the queue, from CloudWatch"),
            d("longest_queue_wait_time", SECONDS, CLOUDWATCH, "AWS/Connect/LongestQueueWaitTime",
                    "Longest wait in the queue, from CloudWatch"),
            d("queue_capacity_exceeded_errors", COUNT, CLOUDWATCH, "AWS/Connect/QueueCapacityExceededError",
                    "Calls refused because the queue was full"),
            d("lambda_errors", COUNT, CLOUDWATCH, "AWS/Lambda/Errors", "Lambda invocations that failed"),
            d("lambda_throttles", COUNT, CLOUDWATCH, "AWS/Lambda/Throttles", "Lambda invocations throttled"),
            d("lambda_duration", MILLISECONDS, CLOUDWATCH, "AWS/Lambda/Duration", "Lambda execution time"),
            d("lambda_invocations", COUNT, CLOUDWATCH, "AWS/Lambda/Invocations", "Lambda invocations"),
            d("lex_recognition_errors", COUNT, CLOUDWATCH, "AWS/Lex/RuntimeSystemErrors",
                    "Lex runtime system errors: speech or text the bot failed to process"),
            d("lex_user_errors", COUNT, CLOUDWATCH, "AWS/Lex/RuntimeUserErrors", "Lex requests rejected as invalid"),
            d("lex_lambda_errors", COUNT, CLOUDWATCH, "AWS/Lex/RuntimeLambdaErrors", "Lex fulfilment Lambda failures"),
            d("lex_throttled_events", COUNT, CLOUDWATCH, "AWS/Lex/RuntimeThrottledEvents", "Lex requests throttled"),
            d("lex_missed_utterances", COUNT, CLOUDWATCH, "AWS/Lex/MissedUtteranceCount",
                    "Utterances the bot did not recognise"),
            d("dynamodb_throttled_requests", COUNT, CLOUDWATCH, "AWS/DynamoDB/ThrottledRequests",
                    "DynamoDB requests throttled"),
            d("dynamodb_read_throttle_events", COUNT, CLOUDWATCH, "AWS/DynamoDB/ReadThrottleEvents",
                    "DynamoDB reads over the provisioned capacity"),
            d("dynamodb_write_throttle_events", COUNT, CLOUDWATCH, "AWS/DynamoDB/WriteThrottleEvents",
                    "DynamoDB writes over the provisioned capacity"),
            d("dynamodb_consumed_read_capacity", COUNT, CLOUDWATCH, "AWS/DynamoDB/ConsumedReadCapacityUnits",
                    "DynamoDB read capacity units consumed"),
            d("dynamodb_consumed_write_capacity", COUNT, CLOUDWATCH, "AWS/DynamoDB/ConsumedWriteCapacityUnits",
                    "DynamoDB write capacity units consumed"),
            // Pushed by other systems.
            d("ivr_response_time", MILLISECONDS, PUSH, null, "Time the IVR took to answer a caller's input"),
            d("api_call_failures", COUNT, PUSH, null,
                    "Failed calls to a third-party API from flows or Lambdas (label api); also the Connect API failures the pollers meet"),
            d("negative_sentiment_rate", PERCENT, PUSH, null,
                    "Share of customer transcript segments labelled NEGATIVE by Contact Lens"),
            // Published by scheduling, listed so that the catalogue covers the whole topic.
            d("schedule_adherence", PERCENT, SCHEDULING, null, "Share of scheduled time agents spent in the planned state"),
            d("staffing_gap", COUNT, SCHEDULING, null,
                    "Agents available minus agents required now by the published schedule; negative means short"));

    /** Metrics that go below zero: staffing_gap is agents scheduled minus agents required. */
    private static final Set<String> SIGNED = Set.of("staffing_gap");

    private static final Map<String, MetricDefinition> BY_NAME = new LinkedHashMap<>();
    private static final Map<String, MetricDefinition> BY_SOURCE_NAME = new LinkedHashMap<>();

    static {
        for (MetricDefinition definition : ALL) {
            BY_NAME.put(definition.name(), definition);
            if (definition.sourceName() != null) {
                BY_SOURCE_NAME.put(definition.origin() + ":" + definition.sourceName(), definition);
            }
        }
    }

    private MetricCatalogue() {
    }

    private static MetricDefinition d(String name, MetricUnit unit, MetricOrigin origin, String sourceName,
            String meaning) {
        return new MetricDefinition(name, unit, origin, sourceName, meaning);
    }

    public static List<MetricDefinition> all() {
        return ALL;
    }

    public static Optional<MetricDefinition> byName(String name) {
        return Optional.ofNullable(name == null ? null : BY_NAME.get(name));
    }

    /** The definition of a Connect metric name ({@code ABANDONMENT_RATE}) or CloudWatch {@code Namespace/Metric}. */
    public static Optional<MetricDefinition> bySourceName(MetricOrigin origin, String sourceName) {
        return Optional.ofNullable(BY_SOURCE_NAME.get(origin + ":" + sourceName));
    }

    public static List<MetricDefinition> ofOrigin(MetricOrigin origin) {
        return ALL.stream().filter(d -> d.origin() == origin).toList();
    }

    public static Optional<MetricUnit> unitOf(String name) {
        return byName(name).map(MetricDefinition::unit);
    }

    public static boolean isSigned(String name) {
        return SIGNED.contains(name);
    }

    public static List<String> names() {
        return ALL.stream().map(MetricDefinition::name).sorted().toList();
    }

    public static boolean isCustom(String name) {
        return name != null && name.startsWith(CUSTOM_PREFIX) && NAME.matcher(name).matches();
    }
}
