package io.connectops.alerting.ruletest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.connectops.alerting.rules.Aggregation;
import io.connectops.alerting.rules.NoDataPolicy;
import io.connectops.alerting.rules.RuleSpec;
import io.connectops.alerting.rules.ThresholdComparator;
import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.MetricSample;
import io.connectops.contracts.Severity;

class RuleTestRunnerTest {

    private static final long MINUTE = 60_000;
    private static final RuleTestRunner.Settings PRODUCTION = new RuleTestRunner.Settings(10 * MINUTE, 6 * 60 * MINUTE,
            30 * MINUTE);

    private static RuleSpec rule(long forMinutes, long keepFiringMinutes, NoDataPolicy noData) {
        return new RuleSpec("r-1", "Oldest contact too old", "oldest_contact_age", null, null, null, Aggregation.LAST, 0,
                ThresholdComparator.GT, 300, forMinutes * MINUTE, keepFiringMinutes * MINUTE, noData, Severity.P2,
                Map.of("team", "billing"), "summary", "description", null);
    }

    private static RuleTestRunner.Input series(String queue, String values) {
        return new RuleTestRunner.Input(new MetricSample("rule-test", "i-1", queue, null, null, "oldest_contact_age",
                null, "SECONDS", RuleTestRunner.T0, null), SeriesNotation.expand(values));
    }

    private static RuleTestRunner.Check check(RuleSpec rule, int minute, RuleTestRunner.Expected... expected) {
        return new RuleTestRunner.Check("tests[0].alertTests[0]", "PT" + minute + "M", minute * MINUTE, rule,
                List.of(expected));
    }

    private static RuleTestRunner.Expected firing(String queue) {
        return new RuleTestRunner.Expected(Map.of("queueId", queue), null, AlertEvent.State.FIRING);
    }

    private static RuleTestRunner.Outcome run(RuleSpec rule, List<RuleTestRunner.Input> inputs,
            RuleTestRunner.Check... checks) {
        return RuleTestRunner.run("test", inputs, List.of(checks), List.of(rule), MINUTE, PRODUCTION);
    }

    @Test
    void theExpandingNotationIsPromtoolsWithMissingAndValuelessSamples() {
        List<SeriesNotation.Step> steps = SeriesNotation.expand("1 2 _ 5x2 1+1x3 -2+4x2 1-2x2 _x2 nodata 2.5e1");

        assertThat(steps).extracting(SeriesNotation.Step::value).containsExactly(1.0, 2.0, null, 5.0, 5.0, 5.0, 1.0,
                2.0, 3.0, 4.0, -2.0, 2.0, 6.0, 1.0, -1.0, -3.0, null, null, null, 25.0);
        assertThat(steps).extracting(SeriesNotation.Step::present).containsExactly(true, true, false, true, true,
                true, true, true, true, true, true, true, true, true, true, true, false, false, true, true);
    }

    @Test
    void aValueOutsideTheNotationIsNamedInTheMessage() {
        assertThatThrownBy(() -> SeriesNotation.expand("1 2 three")).isInstanceOf(SeriesNotation.NotationException.class)
                .hasMessageStartingWith("'three' is not a value");
        assertThatThrownBy(() -> SeriesNotation.expand("1x999999")).hasMessageContaining("more than 100000 steps");
        assertThatThrownBy(() -> SeriesNotation.expand("  ")).hasMessageStartingWith("must hold at least one value");
    }

    @Test
    void anAlertFiresAfterItsForDurationOnEventTimeAndKeepsFiringAfterItClears() {
        RuleSpec rule = rule(5, 3, NoDataPolicy.RESOLVE);
        List<RuleTestRunner.Input> inputs = List.of(series("q-1", "400x10 100x10"));

        assertThat(run(rule, inputs, check(rule, 4, new RuleTestRunner.Expected(Map.of(), null,
                AlertEvent.State.PENDING)), check(rule, 5, firing("q-1")), check(rule, 13, firing("q-1")),
                check(rule, 14)).passed()).isTrue();
    }

    @Test
    void aFailedExpectationReportsTheAlertsOpenAtItsTime() {
        RuleSpec rule = rule(5, 0, NoDataPolicy.RESOLVE);

        RuleTestRunner.Outcome outcome = run(rule, List.of(series("q-1", "400x10")), check(rule, 6));

        assertThat(outcome.passed()).isFalse();
        RuleTestRunner.Got got = outcome.failures().get(0).got().get(0);
        assertThat(got.state()).isEqualTo(AlertEvent.State.FIRING);
        assertThat(got.labels()).containsEntry("queueId", "q-1").containsEntry("instanceId", "i-1")
                .containsEntry("team", "billing").containsEntry("rule", "Oldest contact too old");
        assertThat(got.value()).isEqualTo(400.0);
        assertThat(got.activeAtMillis()).isZero();
    }

    @Test
    void aSeriesThatStopsReportingResolvesOrFiresAsItsNoDataPolicySays() {
        // Another queue of the instance keeps reporting, so the instance's event time goes on.
        List<RuleTestRunner.Input> inputs = List.of(series("q-1", "400x10"), series("q-2", "100x40"));
        RuleSpec resolving = rule(0, 0, NoDataPolicy.RESOLVE);
        RuleSpec firingOnNoData = rule(0, 0, NoDataPolicy.FIRE);

        assertThat(run(resolving, inputs, check(resolving, 19, firing("q-1")), check(resolving, 20)).passed()).isTrue();
        assertThat(run(firingOnNoData, List.of(series("q-1", "100x10"), series("q-2", "100x40")),
                check(firingOnNoData, 19), check(firingOnNoData, 20, firing("q-1"))).passed()).isTrue();
    }

    @Test
    void aMissingSampleIsNoSampleWhileAValuelessOneCountsAsNoData() {
        RuleSpec rule = rule(0, 0, NoDataPolicy.RESOLVE);

        // A gap of missing samples shorter than the no-data timeout changes nothing.
        assertThat(run(rule, List.of(series("q-1", "400 _x5 400x3"), series("q-2", "100x10")),
                check(rule, 4, firing("q-1"))).passed()).isTrue();
        // Samples without a value for the no-data timeout resolve the alert on the instance's event time.
        assertThat(run(rule, List.of(series("q-1", "400 nodata nodata nodata nodata nodata nodata nodata nodata "
                + "nodata nodata nodata"), series("q-2", "100x12")), check(rule, 9, firing("q-1")),
                check(rule, 10)).passed()).isTrue();
    }
}
