package io.connectops.alerting.ruletest;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.connectops.alerting.rules.RuleDraft;
import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.Severity;

/**
 * A request to test rules as {@code promtool test rules} does: the rules (as {@code rules.yaml} or the rule export
 * holds them; null tests the rules configured now) and a test file of recorded series and expected alerts.
 */
public record RuleTestDraft(
        @Size(max = 500) List<@NotNull @Valid RuleDraft> rules,
        @NotNull @Valid TestFile tests) {

    /**
     * A test file. {@code evaluationInterval} (ISO-8601, default PT1M) is the event time between two values of an
     * input series: value i of every series is a sample at t0 + i × interval.
     */
    public record TestFile(
            @Size(max = 40) String evaluationInterval,
            @NotNull @Size(min = 1, max = 1000) List<@NotNull @Valid TestCase> tests) {
    }

    /** One scenario: series played from t0, and the alerts expected at given event times. */
    public record TestCase(
            @NotBlank @Size(max = 500) String name,
            @NotNull @Size(max = 1000) List<@NotNull @Valid InputSeries> inputSeries,
            @NotNull @Size(min = 1, max = 1000) List<@NotNull @Valid AlertTest> alertTests) {
    }

    /**
     * A series by its labels: {@code metric} (required), {@code instance_id}, {@code queue_id}, {@code channel},
     * {@code agent_id}, {@code unit} (default: the catalogue's), and any other label of a sample
     * ({@code routing_profile_id}, {@code function_name}…). {@code values} is promtool's expanding notation.
     */
    public record InputSeries(
            @NotNull @Size(min = 1, max = 50) Map<@NotBlank @Size(max = 100) String, @NotNull @Size(max = 500) String> labels,
            @NotNull @Size(max = 200_000) String values) {
    }

    /** The alerts of one rule (by name) expected at {@code evalTime} after t0 (ISO-8601); empty: none. */
    public record AlertTest(
            @NotBlank @Size(max = 40) String evalTime,
            @NotBlank @Size(max = 200) String rule,
            @NotNull @Size(max = 10_000) List<@NotNull @Valid ExpectedAlert> expectedAlerts) {
    }

    /**
     * An alert expected: its labels (each must be one of the alert's; {@code instance_id} may stand for
     * {@code instanceId}), severity when given, and state (FIRING by default, or PENDING).
     */
    public record ExpectedAlert(
            @Size(max = 50) Map<@NotBlank @Size(max = 100) String, @NotNull @Size(max = 500) String> labels,
            Severity severity,
            AlertEvent.State state) {
    }
}
