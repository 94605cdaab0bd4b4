package io.connectops.alerting.service;

import java.util.Map;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.connectops.alerting.domain.Aggregation;
import io.connectops.alerting.domain.Comparator;
import io.connectops.alerting.domain.NoDataPolicy;
import io.connectops.contracts.Severity;

/**
 * A rule as an administrator writes it (create and replace). Durations are ISO-8601 text ({@code PT15M}) so that a
 * bad one gets a message naming the field rather than a parse error. {@code thresholdUnit}, when given, must be the
 * metric's unit: it catches "5" meant as seconds on a metric kept in milliseconds.
 */
public record RuleDraft(
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Size(max = 100) String metric,
        @Size(max = 200) String instanceId,
        @Size(max = 200) String queueId,
        @Size(max = 50) String channel,
        Aggregation aggregation,
        @Size(max = 40) String window,
        @NotNull Comparator comparator,
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
        Boolean enabled) {
}
