package io.connectops.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.connectops.contracts.Severity;
import io.connectops.platform.problem.Problem;
import io.connectops.platform.problem.ProblemException;

/** One place decides whether a rule draft is valid: the rule API and rule tests get the same answer from it. */
class RuleDraftValidatorTest {

    private static RuleDraft draft(String name, String metric, String forDuration, String thresholdUnit) {
        return new RuleDraft(name, metric, null, null, null, Aggregation.LAST, null, ThresholdComparator.GT, 5.0,
                thresholdUnit, forDuration, null, null, Severity.P2, Map.of(), "summary", "description", null, null);
    }

    private static List<Problem.FieldError> errorsOf(Runnable check) {
        return catchThrowableOfType(ProblemException.class, check::run).errors();
    }

    @Test
    void aDraftTheRuleApiRefusesIsRefusedInARuleTestWithTheSameReasonsUnderItsPlaceInTheList() {
        RuleDraft bad = draft("bad", "abandon_rate", "15 minutes", null);

        List<Problem.FieldError> stored = errorsOf(() -> RuleDraftValidator.check(bad, null, (name, own) -> false));
        List<Problem.FieldError> tested = errorsOf(() -> RuleDraftValidator.specsOf(List.of(draft("fine",
                "abandonment_rate", "PT15M", null), bad)));

        assertThat(stored).extracting(Problem.FieldError::field).containsExactly("metric", "forDuration");
        assertThat(stored.get(0).message()).startsWith("unknown metric 'abandon_rate'");
        assertThat(stored.get(1).message()).isEqualTo("'15 minutes' is not an ISO-8601 duration such as PT15M");
        assertThat(tested).containsExactlyElementsOf(stored.stream()
                .map(error -> new Problem.FieldError("rules[1]." + error.field(), error.message())).toList());
    }

    @Test
    void aNameIsTakenAmongStoredRulesForTheApiAndAmongTheListForATest() {
        RuleDraft first = draft(" Abandonment ", "abandonment_rate", "PT15M", null);

        List<Problem.FieldError> stored = errorsOf(() -> RuleDraftValidator.check(first, "rule-1",
                (name, own) -> name.equals("Abandonment") && own.equals("rule-1")));
        List<Problem.FieldError> tested = errorsOf(() -> RuleDraftValidator.specsOf(List.of(first, first)));

        assertThat(stored).containsExactly(new Problem.FieldError("name", "another rule is already named 'Abandonment'"));
        assertThat(tested).containsExactly(new Problem.FieldError("rules[1].name",
                "another rule of the list is already named 'Abandonment'"));
    }

    @Test
    void aValidDraftRunsWithItsDefaultsFilledIn() {
        RuleDraft custom = new RuleDraft("orders", "custom_orders_failed", "inst-1", null, null, null, null,
                ThresholdComparator.GT, 10.0, "count", null, "PT5M", null, Severity.P3, null, "summary", "description",
                null, null);

        RuleDraftValidator.check(custom, null, (name, own) -> false);
        RuleSpec spec = RuleDraftValidator.specsOf(List.of(custom)).get(0);

        assertThat(spec.id()).isEqualTo("test-1");
        assertThat(spec.aggregation()).isEqualTo(Aggregation.LAST);
        assertThat(spec.windowMillis()).isZero();
        assertThat(spec.forMillis()).isZero();
        assertThat(spec.keepFiringForMillis()).isEqualTo(300_000);
        assertThat(spec.noData()).isEqualTo(NoDataPolicy.RESOLVE);
        assertThat(spec.unit()).isEqualTo("COUNT");
        assertThat(spec.denominatorMetric()).isNull();
        assertThat(spec.labels()).isEmpty();
        assertThat(errorsOf(() -> RuleDraftValidator.check(draft("orders", "custom_orders_failed", null, null), null,
                (name, own) -> false))).extracting(Problem.FieldError::field).containsExactly("thresholdUnit");
    }
}
