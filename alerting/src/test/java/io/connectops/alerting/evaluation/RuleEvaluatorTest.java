package io.connectops.alerting.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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

class RuleEvaluatorTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private final List<Transition> out = new ArrayList<>();
    private SeriesState series;

    private static RuleSpec rule(Aggregation aggregation, Duration window, Duration forDuration, Duration keepFiringFor,
            NoDataPolicy noData) {
        return new RuleSpec("rule-1", "Abandonment", "abandonment_rate", null, null, null, aggregation,
                window.toMillis(), ThresholdComparator.GT, 5, forDuration.toMillis(), keepFiringFor.toMillis(), noData,
                Severity.P2, Map.of(), "summary", "description", null);
    }

    private static RuleSpec abandonmentAbove5For15Minutes() {
        return rule(Aggregation.LAST, Duration.ZERO, Duration.ofMinutes(15), Duration.ofMinutes(5), NoDataPolicy.RESOLVE);
    }

    private boolean feed(RuleSpec rule, int minute, Double value) {
        MetricSample sample = new MetricSample("test", "inst-1", "q-1", null, null, "abandonment_rate", value, "PERCENT",
                T0.plus(Duration.ofMinutes(minute)), null);
        if (series == null) {
            series = RuleEvaluator.newSeries(sample);
        }
        return RuleEvaluator.apply(series, sample, List.of(rule), out);
    }

    private void feedRange(RuleSpec rule, int fromMinute, int toMinute, double value) {
        for (int minute = fromMinute; minute <= toMinute; minute++) {
            feed(rule, minute, value);
        }
    }

    private List<State> states() {
        return out.stream().map(Transition::state).toList();
    }

    @Test
    void holdingForTheWholeDurationFiresOnceAtTheSampleThatCompletesIt() {
        RuleSpec rule = abandonmentAbove5For15Minutes();
        feedRange(rule, 0, 16, 6.0);

        assertThat(states()).containsExactly(State.PENDING, State.FIRING);
        Transition firing = out.get(1);
        assertThat(firing.at()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
        assertThat(firing.startsAt()).isEqualTo(T0);
        assertThat(firing.value()).isEqualTo(6.0);
        assertThat(firing.fingerprint()).isEqualTo(RuleEvaluator.fingerprint("rule-1", "inst-1/q-1/abandonment_rate"));
    }

    @Test
    void holdingForLessThanTheDurationNeverFires() {
        RuleSpec rule = abandonmentAbove5For15Minutes();
        feedRange(rule, 0, 14, 6.0);
        feed(rule, 15, 3.0);

        assertThat(states()).containsExactly(State.PENDING, State.RESOLVED);
        assertThat(out.get(1).reason()).isEqualTo(RuleEvaluator.REASON_CLEARED_WHILE_PENDING);
    }

    @Test
    void aFiringAlertResolvesOnceAfterKeepFiringForHasPassed() {
        RuleSpec rule = abandonmentAbove5For15Minutes();
        feedRange(rule, 0, 16, 6.0);
        feedRange(rule, 17, 40, 3.0);

        assertThat(states()).containsExactly(State.PENDING, State.FIRING, State.RESOLVED);
        assertThat(out.get(2).at()).isEqualTo(T0.plus(Duration.ofMinutes(22)));
        assertThat(out.get(2).endsAt()).isEqualTo(T0.plus(Duration.ofMinutes(22)));
    }

    @Test
    void aFlappingSeriesWithKeepFiringForStaysFiring() {
        RuleSpec rule = abandonmentAbove5For15Minutes();
        feedRange(rule, 0, 16, 6.0);
        for (int minute = 17; minute <= 60; minute++) {
            feed(rule, minute, minute % 4 == 0 ? 6.0 : 3.0);
        }

        assertThat(states()).containsExactly(State.PENDING, State.FIRING);
    }

    @Test
    void withoutKeepFiringForTheFirstClearSampleResolves() {
        RuleSpec rule = rule(Aggregation.LAST, Duration.ZERO, Duration.ZERO, Duration.ZERO, NoDataPolicy.RESOLVE);
        feed(rule, 0, 6.0);
        feed(rule, 1, 3.0);
        feed(rule, 2, 7.0);

        assertThat(states()).containsExactly(State.FIRING, State.RESOLVED, State.FIRING);
    }

    @Test
    void aLateOrRedeliveredSampleChangesNothing() {
        RuleSpec rule = abandonmentAbove5For15Minutes();
        assertThat(feed(rule, 5, 6.0)).isTrue();
        assertThat(feed(rule, 5, 9.0)).isFalse();
        assertThat(feed(rule, 4, 9.0)).isFalse();

        assertThat(series.samplesApplied).isEqualTo(1);
        assertThat(series.value).isEqualTo(6.0);
    }

    @Test
    void windowAggregationsUseOnlyTheSamplesInsideTheWindow() {
        RuleSpec average = rule(Aggregation.AVG, Duration.ofMinutes(3), Duration.ZERO, Duration.ZERO, NoDataPolicy.RESOLVE);
        feed(average, 0, 20.0);
        feed(average, 1, 0.0);
        feed(average, 2, 0.0);
        feed(average, 3, 0.0);
        // (0 + 0 + 0) / 3 at minute 3: the 20 of minute 0 has left the 3-minute window.
        assertThat(RuleEvaluator.aggregate(series, average, T0.plus(Duration.ofMinutes(3)).toEpochMilli())).isZero();
        assertThat(states()).containsExactly(State.FIRING, State.RESOLVED);

        RuleSpec rate = rule(Aggregation.RATE, Duration.ofMinutes(10), Duration.ZERO, Duration.ZERO, NoDataPolicy.RESOLVE);
        feed(rate, 4, 60.0);
        feed(rate, 5, 120.0);
        // From 0 at minute 1 (the oldest sample kept) to 120 at minute 5: 120 in 240 s.
        assertThat(RuleEvaluator.aggregate(series, rate, T0.plus(Duration.ofMinutes(5)).toEpochMilli())).isEqualTo(0.5);
    }

    @Test
    void aSilentSeriesResolvesWithReasonNoData() {
        RuleSpec rule = abandonmentAbove5For15Minutes();
        feedRange(rule, 0, 16, 6.0);
        long watermark = T0.plus(Duration.ofMinutes(40)).toEpochMilli();

        RuleEvaluator.sweep(series, watermark, Duration.ofMinutes(10).toMillis(), Map.of(rule.id(), rule), Map.of(),
                out);
        RuleEvaluator.sweep(series, watermark + 60_000, Duration.ofMinutes(10).toMillis(), Map.of(rule.id(), rule),
                Map.of(), out);

        assertThat(states()).containsExactly(State.PENDING, State.FIRING, State.RESOLVED);
        assertThat(out.get(2).reason()).isEqualTo(RuleEvaluator.REASON_NO_DATA);
        assertThat(out.get(2).at()).isEqualTo(T0.plus(Duration.ofMinutes(26)));
    }

    @Test
    void aRuleForWhichAbsenceIsTheProblemFiresOnNoDataAndResolvesWhenDataReturns() {
        RuleSpec rule = rule(Aggregation.LAST, Duration.ZERO, Duration.ofMinutes(15), Duration.ZERO, NoDataPolicy.FIRE);
        feed(rule, 0, 1.0);
        RuleEvaluator.sweep(series, T0.plus(Duration.ofMinutes(30)).toEpochMilli(), Duration.ofMinutes(10).toMillis(),
                Map.of(rule.id(), rule), Map.of(), out);
        feed(rule, 31, 1.0);

        assertThat(states()).containsExactly(State.FIRING, State.RESOLVED);
        assertThat(out.get(0).reason()).isEqualTo(RuleEvaluator.REASON_NO_DATA);
        assertThat(out.get(1).reason()).isEqualTo(RuleEvaluator.REASON_DATA_RETURNED);
    }

    @Test
    void removingARuleResolvesItsOpenAlertsOnce() {
        RuleSpec rule = abandonmentAbove5For15Minutes();
        feedRange(rule, 0, 16, 6.0);
        RuleSpec narrowed = new RuleSpec(rule.id(), rule.name(), rule.metric(), "other-instance", null, null,
                rule.aggregation(), 0, rule.comparator(), 5, rule.forMillis(), rule.keepFiringForMillis(), rule.noData(),
                rule.severity(), Map.of(), "s", "d", null);

        RuleEvaluator.sweep(series, series.sampleTime, Duration.ofMinutes(10).toMillis(), Map.of(rule.id(), narrowed), Map.of(), out);
        RuleEvaluator.sweep(series, series.sampleTime, Duration.ofMinutes(10).toMillis(), Map.of(rule.id(), narrowed), Map.of(), out);

        assertThat(states()).containsExactly(State.PENDING, State.FIRING, State.RESOLVED);
        assertThat(out.get(2).reason()).isEqualTo(RuleEvaluator.REASON_RULE_GONE);
        assertThat(series.rules).isEmpty();
    }

    @Test
    void deletingARuleResolvesItsOpenAlertsWithTheLastKnownDefinition() {
        RuleSpec rule = abandonmentAbove5For15Minutes();
        feedRange(rule, 0, 16, 6.0);

        RuleEvaluator.sweep(series, series.sampleTime, Duration.ofMinutes(10).toMillis(), Map.of(),
                Map.of(rule.id(), rule), out);

        assertThat(states()).containsExactly(State.PENDING, State.FIRING, State.RESOLVED);
        assertThat(out.get(2).reason()).isEqualTo(RuleEvaluator.REASON_RULE_GONE);
    }

    private static MetricSample count(String metric, String queue, int minute, double value) {
        return new MetricSample("test", "inst-1", queue, null, null, metric, value, "COUNT",
                T0.plus(Duration.ofMinutes(minute)), null);
    }

    /** Two series of one evaluator, found by key as the worker finds them across its partitions. */
    private static final class TwoSeries implements RuleEvaluator.SeriesLookup {
        final Map<String, SeriesState> byKey = new HashMap<>();

        SeriesState of(MetricSample sample) {
            return byKey.computeIfAbsent(sample.seriesKey(), key -> RuleEvaluator.newSeries(sample));
        }

        @Override
        public SeriesState find(String seriesKey) {
            return byKey.get(seriesKey);
        }

        @Override
        public void changed(SeriesState changed) {
        }
    }

    @Test
    void aRatioDividesTheSumsOfTwoMetricsOverTheWindowAsAPercentageWhicheverArrivesFirst() {
        RuleSpec ratio = new RuleSpec("rule-ratio", "Abandoned over queued", "contacts_abandoned", null, null, null,
                Aggregation.RATIO, Duration.ofMinutes(30).toMillis(), ThresholdComparator.GT, 5, 0, 0, NoDataPolicy.RESOLVE,
                Severity.P2, Map.of(), "s", "d", null, "contacts_queued", null, null, null, null);
        TwoSeries all = new TwoSeries();
        List<RuleSpec> onAbandoned = List.of(ratio);
        List<RuleSpec> overQueued = List.of(ratio);
        // Interval 1: 4 of 100 abandoned (4%), numerator first.
        MetricSample abandoned = count("contacts_abandoned", "q-1", 0, 4);
        RuleEvaluator.apply(all.of(abandoned), abandoned, onAbandoned, List.of(), all, out);
        MetricSample queued = count("contacts_queued", "q-1", 0, 100);
        RuleEvaluator.apply(all.of(queued), queued, List.of(), overQueued, all, out);
        assertThat(out).isEmpty();
        // Interval 2: 8 of 100 (8%), denominator first: the window holds 12 of 200, 6%.
        queued = count("contacts_queued", "q-1", 15, 100);
        RuleEvaluator.apply(all.of(queued), queued, List.of(), overQueued, all, out);
        assertThat(out).isEmpty();
        abandoned = count("contacts_abandoned", "q-1", 15, 8);
        RuleEvaluator.apply(all.of(abandoned), abandoned, onAbandoned, List.of(), all, out);

        assertThat(states()).containsExactly(State.FIRING);
        assertThat(out.get(0).value()).isEqualTo(6.0);
        assertThat(out.get(0).at()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
        assertThat(out.get(0).seriesKey()).isEqualTo("inst-1/q-1/contacts_abandoned");

        // Nothing queued in the window: no ratio, no transition. Another queue's counts never mix in.
        MetricSample elsewhere = count("contacts_queued", "q-2", 45, 0);
        RuleEvaluator.apply(all.of(elsewhere), elsewhere, List.of(), overQueued, all, out);
        assertThat(out).hasSize(1);
    }

    @Test
    void aSeriesReportingEvery15MinutesIsNotSilentBetweenItsSamplesAndFiresAfterFor() {
        RuleSpec rule = abandonmentAbove5For15Minutes();
        feed(rule, 0, 6.0);
        long tenMinutes = Duration.ofMinutes(10).toMillis();
        // Other series of the instance (real-time metrics) move its clock on by 14 minutes: not silent yet.
        RuleEvaluator.sweep(series, T0.plus(Duration.ofMinutes(14)).toEpochMilli(), tenMinutes, Map.of(rule.id(), rule),
                Map.of(), out);
        feed(rule, 15, 6.0);
        RuleEvaluator.sweep(series, T0.plus(Duration.ofMinutes(29)).toEpochMilli(), tenMinutes, Map.of(rule.id(), rule),
                Map.of(), out);

        assertThat(states()).containsExactly(State.PENDING, State.FIRING);
        assertThat(out.get(1).at()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
        assertThat(RuleEvaluator.noDataAfter(series, tenMinutes)).isEqualTo(Duration.ofMinutes(30).toMillis());
    }

    @Test
    void aSeriesIsEvictedOnlyWhenSilentLongEnoughAndWithoutOpenAlerts() {
        RuleSpec rule = abandonmentAbove5For15Minutes();
        feedRange(rule, 0, 16, 6.0);
        long hour = Duration.ofHours(1).toMillis();
        long later = T0.plus(Duration.ofHours(3)).toEpochMilli();

        assertThat(RuleEvaluator.evictable(series, later, hour, false, true)).as("firing").isFalse();
        RuleEvaluator.sweep(series, later, Duration.ofMinutes(10).toMillis(), Map.of(rule.id(), rule), Map.of(), out);
        assertThat(states()).containsExactly(State.PENDING, State.FIRING, State.RESOLVED);
        assertThat(RuleEvaluator.evictable(series, T0.plus(Duration.ofMinutes(30)).toEpochMilli(), hour, false, true))
                .as("silent for 14 minutes").isFalse();
        assertThat(RuleEvaluator.evictable(series, later, hour, false, true)).isTrue();
        assertThat(RuleEvaluator.evictable(series, series.sampleTime, hour, true, true)).as("instance gone").isTrue();
    }

    @Test
    void aSeriesNoRuleReadsIsEvictableAtOnceUnlessAnAlertOfItIsStillOpen() {
        RuleSpec rule = abandonmentAbove5For15Minutes();
        feedRange(rule, 0, 16, 6.0);
        long hour = Duration.ofHours(1).toMillis();

        assertThat(RuleEvaluator.evictable(series, series.sampleTime, hour, false, true)).as("read, reporting").isFalse();
        assertThat(RuleEvaluator.evictable(series, series.sampleTime, hour, false, false)).as("firing").isFalse();
        // The rule was deleted: the sweep resolves its alert, and nothing keeps the series any more.
        boolean evict = RuleEvaluator.sweepAt(series, series.sampleTime, Duration.ofMinutes(10).toMillis(), hour, hour,
                Map.of(), Map.of(rule.id(), rule), false, out);
        assertThat(states()).containsExactly(State.PENDING, State.FIRING, State.RESOLVED);
        assertThat(out.get(2).reason()).isEqualTo(RuleEvaluator.REASON_RULE_GONE);
        assertThat(evict).isTrue();
    }

    @Test
    void aSeriesIsReadByARuleOnItsMetricOrARatioOverItWhoseScopeIsItsOwn() {
        RuleSpec anyInstance = abandonmentAbove5For15Minutes();
        RuleSpec otherInstance = new RuleSpec("rule-2", "Other", "abandonment_rate", "inst-2", null, null,
                Aggregation.LAST, 0, ThresholdComparator.GT, 5, 0, 0, NoDataPolicy.RESOLVE, Severity.P2, Map.of(), "s",
                "d", null);
        RuleSpec otherQueue = new RuleSpec("rule-3", "Other queue", "abandonment_rate", null, "q-2", null,
                Aggregation.LAST, 0, ThresholdComparator.GT, 5, 0, 0, NoDataPolicy.RESOLVE, Severity.P2, Map.of(), "s",
                "d", null);
        RuleSpec ratioOverIt = new RuleSpec("rule-4", "Ratio", "contacts_abandoned", "inst-1", null, null,
                Aggregation.RATIO, 900_000, ThresholdComparator.GT, 5, 0, 0, NoDataPolicy.RESOLVE, Severity.P2, Map.of(),
                "s", "d", null, "abandonment_rate", null, null, null, null);

        assertThat(RuleEvaluator.reads(List.of(anyInstance), List.of(), "inst-1", "q-1", null)).isTrue();
        assertThat(RuleEvaluator.reads(List.of(), List.of(), "inst-1", "q-1", null)).as("no rule").isFalse();
        assertThat(RuleEvaluator.reads(List.of(otherInstance, otherQueue), List.of(), "inst-1", "q-1", null))
                .as("rules scoped elsewhere").isFalse();
        assertThat(RuleEvaluator.reads(List.of(otherInstance), List.of(ratioOverIt), "inst-1", "q-1", null))
                .as("denominator of a ratio").isTrue();
        assertThat(RuleEvaluator.reads(List.of(), List.of(ratioOverIt), "inst-3", "q-1", null))
                .as("denominator of a ratio scoped elsewhere").isFalse();
    }

    @Test
    void aWholeInstanceGoneSilentResolvesItsAlertsWithNoDataAtTheTimeTheyWentSilent() {
        RuleSpec rule = abandonmentAbove5For15Minutes();
        feedRange(rule, 0, 16, 6.0);

        RuleEvaluator.sweep(series, Long.MAX_VALUE, Duration.ofMinutes(10).toMillis(), Map.of(rule.id(), rule), Map.of(),
                out);

        assertThat(states()).containsExactly(State.PENDING, State.FIRING, State.RESOLVED);
        assertThat(out.get(2).reason()).isEqualTo(RuleEvaluator.REASON_NO_DATA);
        assertThat(out.get(2).at()).isEqualTo(T0.plus(Duration.ofMinutes(26)));
    }
}
