package io.connectops.ingest.cloudwatch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.connectops.contracts.MetricSample;
import io.connectops.contracts.metrics.MetricCatalogue;
import io.connectops.contracts.metrics.MetricDefinition;
import io.connectops.contracts.metrics.MetricOrigin;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;

/**
 * The CloudWatch metrics a source is read for, as GetMetricData queries, and how each datapoint becomes a catalogue
 * sample. Every query reads one-minute periods. Metrics that CloudWatch spreads over several dimension sets (a flow's
 * errors per flow name, DynamoDB throttles per operation, a Lex bot's errors per alias, locale and operation) are
 * summed with a search expression, so each is one series per instance or resource. Free of I/O.
 */
public final class CloudWatchQueries {

    public static final String SOURCE = "cloudwatch";
    public static final int PERIOD_SECONDS = 60;
    /** GetMetricData takes at most 500 queries per call. */
    public static final int MAX_QUERIES_PER_CALL = 500;

    /**
     * One query and what its datapoints mean.
     *
     * @param zeroWhenMissing a count CloudWatch writes only when something happened (errors, throttles): a minute
     *        without a datapoint is 0, not "no data"
     * @param labels the labels of the samples: the Region, and the function, bot or table (never an instance or
     *        queue id: those are the source's)
     */
    public record Target(MetricDefinition definition, MetricDataQuery query, boolean zeroWhenMissing,
            Map<String, String> labels) {
    }

    /** The resources a source names besides its Connect instance. */
    public record Resources(List<String> lambdaFunctions, List<String> lexBots, List<String> dynamoDbTables) {
    }

    private record Read(String metric, String statistic, boolean zeroWhenMissing, boolean summedOverDimensions) {
    }

    /** AWS/Connect metrics of the instance (MetricGroup VoiceCalls unless summed over flows or queues). */
    private static final List<Read> CONNECT = List.of(
            new Read("ConcurrentCalls", "Maximum", false, false),
            new Read("ConcurrentCallsPercentage", "Maximum", false, false),
            new Read("CallsBreachingConcurrencyQuota", "Sum", true, false),
            new Read("ThrottledCalls", "Sum", true, false),
            new Read("MissedCalls", "Sum", true, false),
            new Read("MisconfiguredPhoneNumbers", "Sum", true, false),
            new Read("ContactFlowErrors", "Sum", true, true),
            new Read("ContactFlowFatalErrors", "Sum", true, true),
            new Read("QueueCapacityExceededError", "Sum", true, true),
            new Read("QueueSize", "Maximum", false, true),
            new Read("LongestQueueWaitTime", "Maximum", false, true));

    private static final List<Read> LAMBDA = List.of(
            new Read("Errors", "Sum", true, false),
            new Read("Throttles", "Sum", true, false),
            new Read("Duration", "Average", false, false),
            new Read("Invocations", "Sum", true, false));

    private static final List<Read> LEX = List.of(
            new Read("RuntimeSystemErrors", "Sum", true, true),
            new Read("MissedUtteranceCount", "Sum", true, true),
            new Read("RuntimeThrottledEvents", "Sum", true, true));

    private static final List<Read> DYNAMODB = List.of(
            new Read("ThrottledRequests", "Sum", true, true),
            new Read("ReadThrottleEvents", "Sum", true, false),
            new Read("WriteThrottleEvents", "Sum", true, false),
            new Read("ConsumedReadCapacityUnits", "Sum", true, false),
            new Read("ConsumedWriteCapacityUnits", "Sum", true, false));

    private CloudWatchQueries() {
    }

    /** The start of the minute {@code at} is in. */
    public static Instant minuteStart(Instant at) {
        return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), PERIOD_SECONDS) * PERIOD_SECONDS);
    }

    /** Every query of one source, numbered {@code q0, q1, ...} (an Id must start with a lower-case letter). */
    public static List<Target> of(String instanceId, String region, Resources resources) {
        List<Target> targets = new ArrayList<>();
        for (Read read : CONNECT) {
            Map<String, String> dimensions = new LinkedHashMap<>();
            dimensions.put("InstanceId", instanceId);
            if (!read.summedOverDimensions()) {
                dimensions.put("MetricGroup", "VoiceCalls");
            }
            add(targets, "AWS/Connect", read, dimensions, Map.of("region", region));
        }
        for (String function : resources.lambdaFunctions()) {
            for (Read read : LAMBDA) {
                add(targets, "AWS/Lambda", read, Map.of("FunctionName", function),
                        Map.of("region", region, "function_name", function));
            }
        }
        for (String bot : resources.lexBots()) {
            for (Read read : LEX) {
                add(targets, "AWS/Lex", read, Map.of("BotId", bot), Map.of("region", region, "bot_id", bot));
            }
        }
        for (String table : resources.dynamoDbTables()) {
            for (Read read : DYNAMODB) {
                add(targets, "AWS/DynamoDB", read, Map.of("TableName", table),
                        Map.of("region", region, "table_name", table));
            }
        }
        return targets;
    }

    private static void add(List<Target> targets, String namespace, Read read, Map<String, String> dimensions,
            Map<String, String> labels) {
        MetricDefinition definition = MetricCatalogue.bySourceName(MetricOrigin.CLOUDWATCH,
                namespace + "/" + read.metric()).orElseThrow(() -> new IllegalStateException(
                        namespace + "/" + read.metric() + " is not in the metric catalogue"));
        String id = "q" + targets.size();
        MetricDataQuery.Builder query = MetricDataQuery.builder().id(id).returnData(true);
        if (read.summedOverDimensions()) {
            query.expression(search(namespace, read, dimensions)).period(PERIOD_SECONDS);
        } else {
            List<Dimension> filter = dimensions.entrySet().stream()
                    .map(d -> Dimension.builder().name(d.getKey()).value(d.getValue()).build()).toList();
            query.metricStat(MetricStat.builder()
                    .metric(Metric.builder().namespace(namespace).metricName(read.metric()).dimensions(filter).build())
                    .period(PERIOD_SECONDS).stat(read.statistic()).build());
        }
        targets.add(new Target(definition, query.build(), read.zeroWhenMissing(), labels));
    }

    /**
     * {@code SUM(SEARCH('Namespace="AWS/Connect" InstanceId="..." MetricName="ContactFlowErrors"', 'Sum', 60))}:
     * every series of the metric that carries these dimensions, whatever its other dimensions, summed (or the
     * largest, for a maximum). Values are quoted; a double quote in a name cannot occur in CloudWatch dimensions.
     */
    static String search(String namespace, Read read, Map<String, String> dimensions) {
        StringBuilder terms = new StringBuilder("Namespace=\"").append(namespace).append('"');
        dimensions.forEach((name, value) -> terms.append(' ').append(name).append("=\"")
                .append(value.replace("\"", "").replace("'", "")).append('"'));
        terms.append(" MetricName=\"").append(read.metric()).append('"');
        String combine = "Maximum".equals(read.statistic()) ? "MAX" : "SUM";
        return combine + "(SEARCH('" + terms + "', '" + read.statistic() + "', " + PERIOD_SECONDS + "))";
    }

    /**
     * The samples of one target over the minutes {@code [from, to)}: one per minute CloudWatch returned, stamped
     * with the minute's end (as interval samples are); a minute it left out is 0 for a count of events and left
     * out for a gauge.
     */
    public static List<MetricSample> samples(String instanceId, Target target, List<Instant> timestamps,
            List<Double> values, Instant from, Instant to) {
        Map<Instant, Double> byMinute = new HashMap<>();
        for (int i = 0; i < Math.min(timestamps.size(), values.size()); i++) {
            Double value = values.get(i);
            if (value != null && Double.isFinite(value)) {
                byMinute.put(timestamps.get(i), value);
            }
        }
        List<MetricSample> samples = new ArrayList<>();
        Duration period = Duration.ofSeconds(PERIOD_SECONDS);
        for (Instant minute = from; minute.isBefore(to); minute = minute.plus(period)) {
            Double value = byMinute.containsKey(minute) ? byMinute.get(minute) : target.zeroWhenMissing() ? 0.0 : null;
            if (value == null) {
                continue;
            }
            samples.add(new MetricSample(SOURCE, instanceId, null, null, null, target.definition().name(), value,
                    target.definition().unit().name(), minute.plus(period), target.labels()));
        }
        return samples;
    }
}
