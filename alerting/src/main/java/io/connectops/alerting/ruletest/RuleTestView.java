package io.connectops.alerting.ruletest;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.Severity;

/**
 * The outcome of a rule test: passed when every test passed; per test, each alert test that failed with the alerts
 * expected and those open at its time; {@code untestedRules} names the rules no alert test names.
 */
public record RuleTestView(boolean passed, List<TestView> tests, List<String> untestedRules) {

    public record TestView(String name, boolean passed, List<FailureView> failures) {
    }

    /** {@code field} is the failing alert test's place in the file: {@code tests[0].alertTests[1]}. */
    public record FailureView(String field, String evalTime, String rule, List<AlertView> expected,
            List<AlertView> got) {
    }

    /**
     * An alert: its labels (all of them for one that is open, those required for one expected), severity, state, and
     * for one that is open its value and when it became active (an offset from t0, as evalTime is).
     */
    public record AlertView(Map<String, String> labels, Severity severity, AlertEvent.State state, Double value,
            String activeAt) {
    }

    static RuleTestView of(List<RuleTestRunner.Outcome> outcomes, List<String> untestedRules) {
        List<TestView> tests = outcomes.stream().map(outcome -> new TestView(outcome.name(), outcome.passed(),
                outcome.failures().stream().map(RuleTestView::failure).toList())).toList();
        return new RuleTestView(outcomes.stream().allMatch(RuleTestRunner.Outcome::passed), tests, untestedRules);
    }

    private static FailureView failure(RuleTestRunner.Failure failure) {
        RuleTestRunner.Check check = failure.check();
        return new FailureView(check.position(), check.evalTime(), check.rule().name(),
                check.expected().stream().map(e -> new AlertView(e.labels(), e.severity(), e.state(), null, null))
                        .toList(),
                failure.got().stream().map(g -> new AlertView(g.labels(), g.severity(), g.state(), g.value(),
                        Duration.ofMillis(g.activeAtMillis() - RuleTestRunner.T0.toEpochMilli()).toString())).toList());
    }
}
