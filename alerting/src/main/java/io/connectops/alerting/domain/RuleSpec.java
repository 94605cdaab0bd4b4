package io.connectops.alerting.domain;

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
        Comparator comparator,
        double threshold,
        long forMillis,
        long keepFiringForMillis,
        NoDataPolicy noData,
        Severity severity,
        Map<String, String> labels,
        String summary,
        String description,
        String runbookUrl) {

    public RuleSpec {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** A rule without a queue (or instance, or channel) applies to each one separately. */
    public boolean appliesTo(SeriesState series) {
        return metric.equals(series.metric)
                && (instanceId == null || instanceId.equals(series.instanceId))
                && (queueId == null || queueId.equals(series.queueId))
                && (channel == null || channel.equals(series.channel));
    }
}
