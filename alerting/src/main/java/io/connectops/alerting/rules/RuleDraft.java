package io.connectops.alerting.rules;

import java.util.Map;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonCreator;

import io.connectops.contracts.Severity;

/**
 * A rule as an administrator writes it (create and replace). Durations are ISO-8601 text ({@code PT15M}) so that a
 * bad one gets a message naming the field rather than a parse error. {@code thresholdUnit}, when given, must be the
 * metric's unit: it catches "5" meant as seconds on a metric kept in milliseconds. A {@code RATIO} rule divides
 * {@code metric} by {@code denominatorMetric} and compares a percentage. {@code groupWait}, {@code groupInterval} and
 * {@code repeatInterval} set the grouping timers of the rule's alerts; empty takes the service defaults.
 */
public record RuleDraft(
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Size(max = 100) String metric,
        @Size(max = 200) String instanceId,
        @Size(max = 200) String queueId,
        @Size(max = 50) String channel,
        Aggregation aggregation,
        @Size(max = 40) String window,
        @NotNull ThresholdComparator comparator,
        @NotNull Double threshold,
        @Size(max = 30) String thresholdUnit,
        @Size(max = 40) String forDuration,
        @Size(max = 40) String keepFiringFor,
        NoDataPolicy noData,
        @NotNull Severity severity,
        Map<@NotBlank @Size(max = 100) String, @NotNull @Size(max = 500) String> labels,
        @NotBlank @Size(max = 500) String summary,
        @NotBlank @Size(max = 10000) String description,
        @Size(max = 1000) String runbookUrl,
        Boolean enabled,
        @Size(max = 100) String denominatorMetric,
        @Size(max = 40) String groupWait,
        @Size(max = 40) String groupInterval,
        @Size(max = 40) String repeatInterval) {

    @JsonCreator
    public RuleDraft {
    }

    /** A rule on one metric with the default grouping timers. */
    public RuleDraft(String name, String metric, String instanceId, String queueId, String channel,
            Aggregation aggregation, String window, ThresholdComparator comparator, Double threshold, String thresholdUnit,
            String forDuration, String keepFiringFor, NoDataPolicy noData, Severity severity, Map<String, String> labels,
            String summary, String description, String runbookUrl, Boolean enabled) {
        this(name, metric, instanceId, queueId, channel, aggregation, window, comparator, threshold, thresholdUnit,
                forDuration, keepFiringFor, noData, severity, labels, summary, description, runbookUrl, enabled, null,
                null, null, null);
    }
}
