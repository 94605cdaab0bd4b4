package io.connectops.alerting.ruletest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.connectops.alerting.config.AlertingConfig;
import io.connectops.alerting.rules.RuleCatalog;
import io.connectops.alerting.rules.RuleDraftValidator;
import io.connectops.alerting.rules.RuleSpec;
import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.MetricSample;
import io.connectops.contracts.metrics.MetricCatalogue;
import io.connectops.contracts.metrics.MetricUnit;
import io.connectops.platform.problem.Problem;
import io.connectops.platform.problem.ProblemException;

/**
 * Checks a rule test file, turns it into what {@link RuleTestRunner} plays, and runs it with the evaluation settings
 * of this service. Reads the configured rules when the request names none; stores nothing.
 */
@ApplicationScoped
public class RuleTestService {

    /** Most moments (steps and checks) one test may play, so that one request cannot hold a core for long. */
    static final long MAX_MOMENTS = 200_000;
    private static final Duration LONGEST_EVAL_TIME = Duration.ofDays(7);
    /** Input labels that are fields of a sample, under both spellings; any other label stays a label. */
    private static final Map<String, String> SAMPLE_FIELDS = Map.of("instance_id", "instanceId", "instanceId",
            "instanceId", "queue_id", "queueId", "queueId", "queueId", "agent_id", "agentId", "agentId", "agentId",
            "channel", "channel", "metric", "metric", "unit", "unit");

    @Inject
    AlertingConfig config;

    @Inject
    RuleCatalog catalog;

    public RuleTestView test(RuleTestDraft draft) {
        List<RuleSpec> rules = draft.rules() == null ? List.copyOf(catalog.current().byId().values())
                : RuleDraftValidator.specsOf(draft.rules());
        return run(rules, draft.tests());
    }

    /**
     * Runs a test file against rules.
     *
     * @throws ProblemException 400 naming {@code tests.…} for each field of the file at fault
     */
    public RuleTestView run(List<RuleSpec> rules, RuleTestDraft.TestFile file) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Map<String, RuleSpec> byName = new HashMap<>();
        rules.forEach(rule -> byName.put(rule.name(), rule));
        long interval = 60_000;
        if (file.evaluationInterval() != null) {
            Duration parsed = RuleDraftValidator.duration("tests.evaluationInterval", file.evaluationInterval(), errors);
            if (parsed != null && parsed.compareTo(Duration.ofSeconds(1)) < 0) {
                errors.add(new Problem.FieldError("tests.evaluationInterval", "must be at least PT1S"));
            } else if (parsed != null) {
                interval = parsed.toMillis();
            }
        }
        List<Runnable> runs = new ArrayList<>();
        List<RuleTestRunner.Outcome> outcomes = new ArrayList<>();
        Set<String> tested = new LinkedHashSet<>();
        RuleTestRunner.Settings settings = new RuleTestRunner.Settings(config.evaluation().noDataAfter().toMillis(),
                config.evaluation().evictAfter().toMillis(), config.evaluation().instanceSilentAfter().toMillis());
        for (int t = 0; t < file.tests().size(); t++) {
            RuleTestDraft.TestCase test = file.tests().get(t);
            String at = "tests.tests[" + t + "]";
            List<RuleTestRunner.Input> inputs = new ArrayList<>();
            for (int s = 0; s < test.inputSeries().size(); s++) {
                RuleTestRunner.Input input = input(at + ".inputSeries[" + s + "]", test.inputSeries().get(s), errors);
                if (input != null) {
                    inputs.add(input);
                }
            }
            List<RuleTestRunner.Check> checks = new ArrayList<>();
            for (int a = 0; a < test.alertTests().size(); a++) {
                RuleTestRunner.Check check = check(at + ".alertTests[" + a + "]", test.alertTests().get(a), byName,
                        errors);
                if (check != null) {
                    checks.add(check);
                    tested.add(check.rule().name());
                }
            }
            long last = checks.stream().mapToLong(RuleTestRunner.Check::atMillis).max().orElse(0);
            if (last / interval + checks.size() > MAX_MOMENTS) {
                errors.add(new Problem.FieldError(at + ".alertTests", "the latest evalTime is more than " + MAX_MOMENTS
                        + " evaluation intervals after t0"));
            }
            long stepInterval = interval;
            runs.add(() -> outcomes.add(RuleTestRunner.run(test.name(), inputs, checks, rules, stepInterval, settings)));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        runs.forEach(Runnable::run);
        List<String> untested = rules.stream().map(RuleSpec::name).filter(name -> !tested.contains(name)).sorted()
                .toList();
        return RuleTestView.of(outcomes, untested);
    }

    private static RuleTestRunner.Input input(String at, RuleTestDraft.InputSeries series,
            List<Problem.FieldError> errors) {
        Map<String, String> fields = new HashMap<>();
        Map<String, String> labels = new HashMap<>();
        series.labels().forEach((label, value) -> {
            String field = SAMPLE_FIELDS.get(label);
            if (field == null) {
                labels.put(label, value);
            } else if (fields.put(field, value) != null) {
                errors.add(new Problem.FieldError(at + ".labels." + label, "names " + field + " a second time"));
            }
        });
        String metric = fields.get("metric");
        if (metric == null) {
            errors.add(new Problem.FieldError(at + ".labels.metric", "is required: the metric of the series"));
            return null;
        }
        Optional<String> unknown = RuleDraftValidator.unknownMetric(metric);
        if (unknown.isPresent()) {
            errors.add(new Problem.FieldError(at + ".labels.metric", unknown.get()));
            return null;
        }
        String unit = fields.getOrDefault("unit", MetricCatalogue.unitOf(metric).map(MetricUnit::name).orElse(null));
        List<SeriesNotation.Step> steps;
        try {
            steps = SeriesNotation.expand(series.values());
        } catch (SeriesNotation.NotationException e) {
            errors.add(new Problem.FieldError(at + ".values", e.getMessage()));
            return null;
        }
        MetricSample template = new MetricSample("rule-test", fields.get("instanceId"), fields.get("queueId"),
                fields.get("channel"), fields.get("agentId"), metric, null, unit, RuleTestRunner.T0, labels);
        return new RuleTestRunner.Input(template, steps);
    }

    private static RuleTestRunner.Check check(String at, RuleTestDraft.AlertTest test, Map<String, RuleSpec> byName,
            List<Problem.FieldError> errors) {
        Duration evalTime = RuleDraftValidator.duration(at + ".evalTime", test.evalTime(), errors);
        if (evalTime != null && evalTime.compareTo(LONGEST_EVAL_TIME) > 0) {
            errors.add(new Problem.FieldError(at + ".evalTime", "must be at most P7D"));
            evalTime = null;
        }
        RuleSpec rule = byName.get(test.rule().strip());
        if (rule == null) {
            errors.add(new Problem.FieldError(at + ".rule", "no rule named '" + test.rule().strip() + "' among the "
                    + byName.size() + " rules tested"));
        }
        List<RuleTestRunner.Expected> expected = new ArrayList<>();
        for (int e = 0; e < test.expectedAlerts().size(); e++) {
            RuleTestDraft.ExpectedAlert alert = test.expectedAlerts().get(e);
            AlertEvent.State state = alert.state() == null ? AlertEvent.State.FIRING : alert.state();
            if (state == AlertEvent.State.RESOLVED) {
                errors.add(new Problem.FieldError(at + ".expectedAlerts[" + e + "].state", "must be FIRING or PENDING: "
                        + "a resolved alert is one not expected"));
            }
            Map<String, String> labels = new HashMap<>();
            if (alert.labels() != null) {
                alert.labels().forEach((label, value) -> labels.put(SAMPLE_FIELDS.getOrDefault(label, label), value));
            }
            expected.add(new RuleTestRunner.Expected(labels, alert.severity(), state));
        }
        if (evalTime == null || rule == null) {
            return null;
        }
        return new RuleTestRunner.Check(at.substring("tests.".length()), test.evalTime(), evalTime.toMillis(), rule,
                expected);
    }
}
