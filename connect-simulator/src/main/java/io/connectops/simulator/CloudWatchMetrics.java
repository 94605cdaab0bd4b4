package io.connectops.simulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CloudWatch's GetMetricData as the AWS SDK for Java 2.40 sends it: the AWS Query protocol (a form-encoded
 * {@code POST /} with {@code Action=GetMetricData&Version=2010-08-01}, answered in XML), as the SDK's own
 * {@code GetMetricDataRequestMarshaller} writes it. Metric queries ({@code MetricStat}) and the
 * {@code SUM|MAX(SEARCH('Namespace="N" Dim="v" MetricName="X"', 'Stat', period))} expressions metrics-ingest
 * sends are answered with one datapoint per period, shaped by the instance's scenario; a datapoint becomes
 * visible {@link #PUBLICATION_DELAY} after its period ends, as Connect and Lambda metrics reach CloudWatch late.
 */
final class CloudWatchMetrics {

    /** How long after its minute ends a datapoint can be read: Connect publishes to CloudWatch once a minute. */
    static final Duration PUBLICATION_DELAY = Duration.ofSeconds(60);
    private static final Pattern SEARCH = Pattern.compile(
            "^(SUM|MAX|MIN|AVG)\\(SEARCH\\('(?:\\{([^,}]+)[^}]*\\})?(.*)',\\s*'([A-Za-z]+)',\\s*([0-9]+)\\)\\)$");
    private static final Pattern FILTER = Pattern.compile("([A-Za-z]+)=\"([^\"]*)\"");

    private CloudWatchMetrics() {
    }

    /** One query of a request: the metric, the dimensions it is narrowed to, and its period. */
    record Query(String id, String namespace, String metricName, Map<String, String> dimensions, int period) {
    }

    /** The form fields of a query-protocol body. */
    static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            fields.put(name, value);
        }
        return fields;
    }

    static List<Query> queries(Map<String, String> form) {
        Map<Integer, Map<String, String>> members = new TreeMap<>();
        Pattern member = Pattern.compile("^MetricDataQueries\\.member\\.([0-9]+)\\.(.+)$");
        form.forEach((name, value) -> {
            Matcher matcher = member.matcher(name);
            if (matcher.matches()) {
                members.computeIfAbsent(Integer.parseInt(matcher.group(1)), k -> new LinkedHashMap<>())
                        .put(matcher.group(2), value);
            }
        });
        if (members.isEmpty() || members.size() > 500) {
            throw new IllegalArgumentException("MetricDataQueries must hold 1 to 500 queries, not " + members.size());
        }
        List<Query> queries = new ArrayList<>();
        for (Map<String, String> fields : members.values()) {
            String id = fields.get("Id");
            if (id == null || !id.matches("[a-z][a-zA-Z0-9_]{0,254}")) {
                throw new IllegalArgumentException("The Id of a query must start with a lower-case letter: " + id);
            }
            if (fields.containsKey("Expression")) {
                Matcher search = SEARCH.matcher(fields.get("Expression").trim());
                if (!search.matches()) {
                    throw new IllegalArgumentException("Unsupported expression " + fields.get("Expression"));
                }
                Map<String, String> filters = new LinkedHashMap<>();
                Matcher filter = FILTER.matcher(search.group(3));
                while (filter.find()) {
                    filters.put(filter.group(1), filter.group(2));
                }
                String metricName = filters.remove("MetricName");
                String namespace = filters.remove("Namespace");
                if (search.group(2) != null) {
                    namespace = search.group(2).trim();
                }
                if (namespace == null || metricName == null) {
                    throw new IllegalArgumentException("A search needs a namespace and a MetricName: " + fields.get("Expression"));
                }
                queries.add(new Query(id, namespace, metricName, filters, Integer.parseInt(search.group(5))));
                continue;
            }
            Map<String, String> dimensions = new LinkedHashMap<>();
            for (int i = 1; fields.containsKey("MetricStat.Metric.Dimensions.member." + i + ".Name"); i++) {
                dimensions.put(fields.get("MetricStat.Metric.Dimensions.member." + i + ".Name"),
                        fields.get("MetricStat.Metric.Dimensions.member." + i + ".Value"));
            }
            String period = fields.get("MetricStat.Period");
            if (fields.get("MetricStat.Metric.Namespace") == null || period == null || fields.get("MetricStat.Stat") == null) {
                throw new IllegalArgumentException("Query " + id + " needs a MetricStat with Namespace, Period and Stat");
            }
            queries.add(new Query(id, fields.get("MetricStat.Metric.Namespace"),
                    fields.get("MetricStat.Metric.MetricName"), dimensions, Integer.parseInt(period)));
        }
        return queries;
    }

    /**
     * The response to one GetMetricData call: one datapoint per period of {@code [start, end)} whose period ended
     * {@link #PUBLICATION_DELAY} before {@code now}; {@code minuteAt} gives the scenario minute of an instant.
     */
    static String answer(List<Query> queries, Instant start, Instant end, Instant now,
            Function<String, SimulatedInstance> instances,
            ToLongFunction<Instant> minuteAt, Map<String, Optional<Double>> overrides) {
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("EndTime must be after StartTime");
        }
        StringBuilder xml = new StringBuilder("<GetMetricDataResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"
                + "<GetMetricDataResult><MetricDataResults>");
        Instant visibleUntil = now.minus(PUBLICATION_DELAY);
        for (Query query : queries) {
            List<Instant> timestamps = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            long period = Math.max(60, query.period());
            long first = Math.floorDiv(start.getEpochSecond() + period - 1, period) * period;
            for (long at = first; at + period <= end.getEpochSecond(); at += period) {
                Instant periodEnd = Instant.ofEpochSecond(at + period);
                if (periodEnd.isAfter(visibleUntil)) {
                    break;
                }
                SimulatedInstance instance = instances.apply(query.dimensions().getOrDefault("InstanceId", ""));
                Optional<Double> fixed = overrides.get(query.namespace() + "/" + query.metricName());
                Double value = fixed != null ? fixed.orElse(null)
                        : value(query, instance, minuteAt.applyAsLong(Instant.ofEpochSecond(at)));
                if (value != null) {
                    timestamps.add(Instant.ofEpochSecond(at));
                    values.add(value);
                }
            }
            // CloudWatch's default order: newest first.
            xml.append("<member><Id>").append(query.id()).append("</Id><Label>").append(escape(query.metricName()))
                    .append("</Label><Timestamps>");
            for (int i = timestamps.size() - 1; i >= 0; i--) {
                xml.append("<member>").append(timestamps.get(i)).append("</member>");
            }
            xml.append("</Timestamps><Values>");
            for (int i = values.size() - 1; i >= 0; i--) {
                xml.append("<member>").append(values.get(i)).append("</member>");
            }
            xml.append("</Values><StatusCode>Complete</StatusCode></member>");
        }
        return xml.append("</MetricDataResults><Messages/></GetMetricDataResult><ResponseMetadata><RequestId>")
                .append(UUID.randomUUID()).append("</RequestId></ResponseMetadata></GetMetricDataResponse>")
                .toString();
    }

    /** The value of one minute, shaped by the scenario; null where CloudWatch would have no datapoint. */
    static Double value(Query query, SimulatedInstance instance, long minute) {
        Scenario scenario = instance.scenario();
        return switch (query.namespace() + "/" + query.metricName()) {
            case "AWS/Connect/ConcurrentCalls" -> (double) scenario.concurrentCalls(minute, instance.queueIds().size());
            case "AWS/Connect/ConcurrentCallsPercentage" ->
                    100.0 * scenario.concurrentCalls(minute, instance.queueIds().size()) / Scenario.CONCURRENT_CALLS_QUOTA;
            case "AWS/Connect/ContactFlowErrors" -> (double) scenario.contactFlowErrors(minute);
            case "AWS/Connect/MissedCalls" -> (double) scenario.contactsAbandoned(Scenario.SURGE_QUEUE, minute) / 15;
            case "AWS/Connect/LongestQueueWaitTime" -> scenario.oldestContactAgeSeconds(Scenario.SURGE_QUEUE, minute);
            case "AWS/Connect/QueueSize" -> (double) scenario.contactsInQueue(Scenario.SURGE_QUEUE, minute);
            case "AWS/Connect/ContactFlowFatalErrors", "AWS/Connect/ThrottledCalls",
                    "AWS/Connect/CallsBreachingConcurrencyQuota", "AWS/Connect/MisconfiguredPhoneNumbers",
                    "AWS/Connect/QueueCapacityExceededError" -> 0.0;
            case "AWS/Lambda/Errors" -> (double) scenario.lambdaErrors(minute);
            case "AWS/Lambda/Invocations" -> (double) scenario.lambdaInvocations(minute);
            case "AWS/Lambda/Throttles" -> 0.0;
            case "AWS/Lambda/Duration" -> scenario.lambdaDurationMillis(minute);
            case "AWS/Lex/RuntimeSystemErrors" -> (double) scenario.lexSystemErrors(minute);
            case "AWS/Lex/MissedUtteranceCount" -> 1.0;
            case "AWS/Lex/RuntimeThrottledEvents" -> 0.0;
            case "AWS/DynamoDB/ThrottledRequests", "AWS/DynamoDB/ReadThrottleEvents",
                    "AWS/DynamoDB/WriteThrottleEvents" -> (double) scenario.dynamoDbThrottles(minute);
            case "AWS/DynamoDB/ConsumedReadCapacityUnits", "AWS/DynamoDB/ConsumedWriteCapacityUnits" ->
                    50.0 + 10 * scenario.lambdaErrors(minute);
            default -> null;
        };
    }

    static String error(String code, String message) {
        return "<ErrorResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"><Error><Type>Sender</Type><Code>"
                + code + "</Code><Message>" + escape(message) + "</Message></Error><RequestId>"
                + UUID.randomUUID() + "</RequestId></ErrorResponse>";
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
