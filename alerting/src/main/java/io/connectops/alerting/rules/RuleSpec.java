package io.connectops.alerting.rules;

import java.time.Duration;
import java.util.Map;

import io.connectops.contracts.Severity;

/**
 * An enabled rule as the evaluator sees it: immutable, durations in milliseconds, so that evaluating a sample
 * touches no entity and no database.
 */
public record RuleSpec(
        String id,
        String name,
        String metric,
        String instanceId,
        String queueId,
        String channel,
        Aggregation aggregation,
        long windowMillis,
        ThresholdComparator comparator,
        double threshold,
        long forMillis,
        long keepFiringForMillis,
        NoDataPolicy noData,
        Severity severity,
        Map<String, String> labels,
        String summary,
        String description,
        String runbookUrl,
        String denominatorMetric,
        Duration groupWait,
        Duration groupInterval,
        Duration repeatInterval,
        String unit) {

    /** Metric of a rule that claims the alerts of another system: {@code external:cloudwatch}. */
    public static final String EXTERNAL_PREFIX = "external:";

    public RuleSpec {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** A rule on one metric, with the service's default grouping timers. */
    public RuleSpec(String id, String name, String metric, String instanceId, String queueId, String channel,
            Aggregation aggregation, long windowMillis, ThresholdComparator comparator, double threshold, long forMillis,
            long keepFiringForMillis, NoDataPolicy noData, Severity severity, Map<String, String> labels, String summary,
            String description, String runbookUrl) {
        this(id, name, metric, instanceId, queueId, channel, aggregation, windowMillis, comparator, threshold, forMillis,
                keepFiringForMillis, noData, severity, labels, summary, description, runbookUrl, null, null, null, null,
                null);
    }

    /** Whether a sample of {@code sampleUnit} may be compared: a rule that declares a unit compares only that one. */
    public boolean admitsUnit(String sampleUnit) {
        return unit == null || unit.equalsIgnoreCase(sampleUnit);
    }

    /** The threshold, or null for a rule without one (an external alert's, whose origin compared). */
    public Double thresholdOrNull() {
        return Double.isNaN(threshold) ? null : threshold;
    }

    public boolean isRatio() {
        return aggregation == Aggregation.RATIO;
    }

    /**
     * Whether a series of this scope (instance, queue, channel) is one this rule watches, whatever its metric: a rule
     * without a queue (or instance, or channel) applies to each one separately.
     */
    public boolean scopeMatches(String seriesInstanceId, String seriesQueueId, String seriesChannel) {
        return (instanceId == null || instanceId.equals(seriesInstanceId))
                && (queueId == null || queueId.equals(seriesQueueId))
                && (channel == null || channel.equals(seriesChannel));
    }
}
