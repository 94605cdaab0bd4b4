package io.connectops.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.connectops.alerting.alerts.Transition;
import io.connectops.alerting.evaluation.RuleEvaluator;
import io.connectops.alerting.evaluation.SeriesState;
import io.connectops.contracts.AlertEvent.State;
import io.connectops.contracts.MetricSample;
import io.connectops.contracts.Severity;
import io.connectops.contracts.metrics.MetricCatalogue;
import io.connectops.contracts.metrics.MetricUnit;

/** The default abandonment rule fires from what Connect gives: one sample per closed 15-minute interval. */
class DefaultRulesTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private static RuleSpec abandonmentRule() {
        RuleDraft draft = draftOf("default-abandonment-rate");
        assertThat(draft.name()).isEqualTo("Abandonment rate above 5%");
        assertThat(draft.metric()).isEqualTo("abandonment_rate");
        assertThat(draft.severity()).isEqualTo(Severity.P2);
        return specOf("default-abandonment-rate");
    }

    private static RuleDraft draftOf(String id) {
        return DefaultRules.all().stream().filter(seed -> seed.id().equals(id)).findFirst().orElseThrow().draft();
    }

    private static RuleSpec specOf(String id) {
        RuleDraft draft = draftOf(id);
        return new RuleSpec(id, draft.name(), draft.metric(), null, null, null, draft.aggregation(), 0,
                draft.comparator(), draft.threshold(), Duration.parse(draft.forDuration()).toMillis(),
                Duration.parse(draft.keepFiringFor()).toMillis(), draft.noData(), draft.severity(), draft.labels(),
                draft.summary(), draft.description(), null);
    }

    /** Samples of one series from T0, {@code minutes} apart, swept as the instance's other metrics keep its clock. */
    private static List<Transition> evaluate(RuleSpec rule, String unit, int minutes, double... values) {
        List<Transition> out = new ArrayList<>();
        SeriesState series = null;
        for (int i = 0; i < values.length; i++) {
            Instant at = T0.plus(Duration.ofMinutes((long) minutes * i));
            MetricSample sample = new MetricSample("connect", "inst-1", "q-1", null, null, rule.metric(), values[i], unit,
                    at, null);
            if (series == null) {
                series = RuleEvaluator.newSeries(sample);
            }
            RuleEvaluator.apply(series, sample, List.of(rule), out);
            RuleEvaluator.sweep(series, at.plus(Duration.ofMinutes(minutes - 1)).toEpochMilli(),
                    Duration.ofMinutes(30).toMillis(), Map.of(rule.id(), rule), Map.of(), out);
        }
        return out;
    }

    @Test
    void threeAgentsShortOfTheNeedForFifteenMinutesFiresTheStaffingRule() {
        RuleSpec rule = specOf("default-staffing-gap");
        assertThat(MetricCatalogue.unitOf(rule.metric())).contains(MetricUnit.COUNT);

        List<Transition> out = evaluate(rule, "COUNT", 5, -3, -3, -4, -3);

        assertThat(out).extracting(Transition::state).containsExactly(State.PENDING, State.FIRING);
        assertThat(out.get(1).at()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
        assertThat(evaluate(rule, "COUNT", 5, -2, -1, 0, 2, -2)).isEmpty();
    }

    @Test
    void occupancyAbove90PercentForTwoIntervalsFiresTheOccupancyRule() {
        RuleSpec rule = specOf("default-agent-occupancy");
        assertThat(MetricCatalogue.unitOf(rule.metric())).contains(MetricUnit.PERCENT);
        assertThat(rule.severity()).isEqualTo(Severity.P3);

        List<Transition> out = evaluate(rule, "PERCENT", 15, 93, 95, 96);

        assertThat(out).extracting(Transition::state).containsExactly(State.PENDING, State.FIRING);
        assertThat(out.get(1).at()).isEqualTo(T0.plus(Duration.ofMinutes(30)));
        assertThat(evaluate(rule, "PERCENT", 15, 93, 85, 95)).extracting(Transition::state)
                .containsExactly(State.PENDING, State.RESOLVED, State.PENDING);
    }

    @Test
    void abandonmentAbove5PercentInTwoConsecutiveIntervalsFiresAtTheSecond() {
        RuleSpec rule = abandonmentRule();
        assertThat(rule.aggregation()).isEqualTo(Aggregation.LAST);
        List<Transition> out = new ArrayList<>();
        SeriesState series = null;
        for (int interval = 0; interval < 3; interval++) {
            Instant at = T0.plus(Duration.ofMinutes(15L * interval));
            MetricSample sample = new MetricSample("connect", "inst-1", "q-1", null, null, "abandonment_rate", 6.5,
                    "PERCENT", at, null);
            if (series == null) {
                series = RuleEvaluator.newSeries(sample);
            }
            RuleEvaluator.apply(series, sample, List.of(rule), out);
            // Real-time metrics of the same instance keep its clock going between two intervals.
            RuleEvaluator.sweep(series, at.plus(Duration.ofMinutes(14)).toEpochMilli(), Duration.ofMinutes(10).toMillis(),
                    Map.of(rule.id(), rule), Map.of(), out);
        }

        assertThat(out).extracting(Transition::state).containsExactly(State.PENDING, State.FIRING);
        assertThat(out.get(1).at()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
        assertThat(out.get(1).startsAt()).isEqualTo(T0);
    }
}
