package io.connectops.alerting.rules;

import java.time.Instant;
import java.util.Map;

import io.connectops.contracts.Severity;

/** A rule as the API shows it; durations are ISO-8601 text, as they were written. */
public record RuleView(String id, String name, String metric, String instanceId, String queueId, String channel,
        Aggregation aggregation, String window, ThresholdComparator comparator, double threshold, String forDuration,
        String keepFiringFor, NoDataPolicy noData, Severity severity, Map<String, String> labels, String summary,
        String description, String runbookUrl, String denominatorMetric, String groupWait, String groupInterval,
        String repeatInterval, String unit, boolean enabled, boolean seeded, Instant createdAt, Instant updatedAt) {

    static RuleView of(AlertRule rule) {
        return new RuleView(rule.id, rule.name, rule.metric, rule.instanceId, rule.queueId, rule.channel,
                rule.aggregation, rule.window, rule.comparator, rule.threshold, rule.forDuration, rule.keepFiringFor,
                rule.noData, rule.severity, rule.labels, rule.summary, rule.description, rule.runbookUrl,
                rule.denominatorMetric, rule.groupWait, rule.groupInterval, rule.repeatInterval, rule.unit, rule.enabled,
                rule.seeded, rule.createdAt, rule.updatedAt);
    }
}
