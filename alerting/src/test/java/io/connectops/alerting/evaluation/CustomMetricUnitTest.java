package io.connectops.alerting.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.connectops.alerting.alerts.Transition;
import io.connectops.alerting.rules.Aggregation;
import io.connectops.alerting.rules.NoDataPolicy;
import io.connectops.alerting.rules.RuleSpec;
import io.connectops.alerting.rules.ThresholdComparator;
import io.connectops.contracts.AlertEvent.State;
import io.connectops.contracts.MetricSample;
import io.connectops.contracts.Severity;

/** A rule on a pushed custom metric compares only samples of the unit it declares; the others count as no data. */
class CustomMetricUnitTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final long NO_DATA_AFTER = Duration.ofMinutes(10).toMillis();

    private static final RuleSpec FAILED_ORDERS = new RuleSpec("rule-custom", "Failed orders", "custom_orders_failed",
            null, null, null, Aggregation.LAST, 0, ThresholdComparator.GT, 10, 0, 0, NoDataPolicy.RESOLVE, Severity.P2,
            Map.of(), "summary", "description", null, null, null, null, null, "COUNT");

    private static MetricSample sample(double value, String unit, Instant at) {
        return new MetricSample("push", "inst-1", "q-1", null, null, "custom_orders_failed", value, unit, at, null);
    }

    @Test
    void samplesOfTheDeclaredUnitAreComparedAndFire() {
        List<Transition> out = new ArrayList<>();
        SeriesState series = RuleEvaluator.newSeries(sample(20, "COUNT", T0));

        RuleEvaluator.apply(series, sample(20, "COUNT", T0), List.of(FAILED_ORDERS), out);

        assertThat(RuleEvaluator.refusesUnit(series, "count", List.of(FAILED_ORDERS))).isFalse();
        assertThat(out).extracting(Transition::state).endsWith(State.FIRING);
    }

    @Test
    void aSampleOfAnotherUnitIsNeverComparedAndCountsAsNoData() {
        List<Transition> out = new ArrayList<>();
        SeriesState series = RuleEvaluator.newSeries(sample(20, "COUNT", T0));
        RuleEvaluator.apply(series, sample(20, "COUNT", T0), List.of(FAILED_ORDERS), out);
        int fired = out.size();

        // 50 would cross 10, but it is a percentage: not compared, and the series has no data since T0.
        for (int minute = 1; minute <= 11; minute++) {
            RuleEvaluator.apply(series, sample(50, "PERCENT", T0.plus(Duration.ofMinutes(minute))), List.of(FAILED_ORDERS),
                    out);
        }
        assertThat(RuleEvaluator.refusesUnit(series, "PERCENT", List.of(FAILED_ORDERS))).isTrue();
        assertThat(out).hasSize(fired);
        assertThat(series.dataTime).isEqualTo(T0.toEpochMilli());

        RuleEvaluator.sweep(series, series.sampleTime, NO_DATA_AFTER, Map.of(FAILED_ORDERS.id(), FAILED_ORDERS), Map.of(),
                out);
        assertThat(out.subList(fired, out.size())).extracting(Transition::state, Transition::reason)
                .containsExactly(tuple(State.RESOLVED, RuleEvaluator.REASON_NO_DATA));
    }
}
