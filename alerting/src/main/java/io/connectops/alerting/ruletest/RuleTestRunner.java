package io.connectops.alerting.ruletest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.connectops.alerting.alerts.Transition;
import io.connectops.alerting.alerts.TransitionRecorder;
import io.connectops.alerting.evaluation.RuleEvaluator;
import io.connectops.alerting.evaluation.SeriesState;
import io.connectops.alerting.rules.RuleCatalog;
import io.connectops.alerting.rules.RuleSpec;
import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.MetricSample;
import io.connectops.contracts.Severity;

/**
 * Plays recorded series through the evaluator that alerting runs ({@link RuleEvaluator}, the same sweep) and compares
 * the alerts open at given event times with the expected ones, as {@code promtool test rules} does. Samples arrive
 * as they would live: the sample of step i at t0 + i × interval, evaluated at that moment, the sweep run at every
 * moment, so {@code forDuration}, {@code keepFiringFor}, no data, a silent instance and eviction happen exactly as in
 * production. Pure: no I/O, no clock.
 */
public final class RuleTestRunner {

    /** The first sample's time: offsets in a test file count from it. */
    public static final Instant T0 = Instant.EPOCH;

    /** The evaluation settings in force in production, in milliseconds. */
    public record Settings(long noDataAfterMillis, long evictAfterMillis, long instanceSilentAfterMillis) {
    }

    /** One series: the sample of each step without its time, and the steps. */
    public record Input(MetricSample template, List<SeriesNotation.Step> steps) {
    }

    /** The alerts of {@code rule} expected at {@code atMillis} after t0; {@code position} names it in the file. */
    public record Check(String position, String evalTime, long atMillis, RuleSpec rule, List<Expected> expected) {
    }

    /** An alert expected: labels it must carry, its severity when given, and its state. */
    public record Expected(Map<String, String> labels, Severity severity, AlertEvent.State state) {
    }

    /** An alert open at a check: its labels as published, severity, state, value and when it became active. */
    public record Got(Map<String, String> labels, Severity severity, AlertEvent.State state, Double value,
            long activeAtMillis) {
    }

    public record Failure(Check check, List<Got> got) {
    }

    public record Outcome(String name, List<Failure> failures) {
        public boolean passed() {
            return failures.isEmpty();
        }
    }

    private RuleTestRunner() {
    }

    public static Outcome run(String name, List<Input> inputs, List<Check> checks, Collection<RuleSpec> rules,
            long intervalMillis, Settings settings) {
        RuleCatalog.Snapshot snapshot = RuleCatalog.Snapshot.of(rules, Map.of());
        Map<String, SeriesState> series = new LinkedHashMap<>();
        Map<String, SeriesState.InstanceClock> clocks = new HashMap<>();
        RuleEvaluator.SeriesLookup lookup = RuleEvaluator.SeriesLookup.of(series);
        Map<String, Transition> latest = new HashMap<>();
        List<Transition> out = new ArrayList<>();
        TreeSet<Long> moments = new TreeSet<>();
        long last = checks.stream().mapToLong(Check::atMillis).max().orElse(0);
        int longest = inputs.stream().mapToInt(input -> input.steps().size()).max().orElse(0);
        for (int step = 0; step < longest && (long) step * intervalMillis <= last; step++) {
            moments.add((long) step * intervalMillis);
        }
        checks.forEach(check -> moments.add(check.atMillis()));
        List<Failure> failures = new ArrayList<>();
        for (long now : moments) {
            if (now % intervalMillis == 0 && now / intervalMillis < longest) {
                int step = (int) (now / intervalMillis);
                for (Input input : inputs) {
                    if (step < input.steps().size() && input.steps().get(step).present()) {
                        apply(input, step, now, snapshot, series, clocks, lookup, out);
                    }
                }
            }
            Iterator<SeriesState> sweep = series.values().iterator();
            while (sweep.hasNext()) {
                SeriesState swept = sweep.next();
                boolean read = RuleEvaluator.reads(snapshot.forMetric(swept.metric), snapshot.ratiosOver(swept.metric),
                        swept);
                if (RuleEvaluator.sweepAt(swept, now, settings.noDataAfterMillis(), settings.evictAfterMillis(),
                        settings.instanceSilentAfterMillis(), snapshot.byId(), snapshot.retired(), read, out)) {
                    sweep.remove();
                }
            }
            out.forEach(transition -> latest.put(transition.fingerprint(), transition));
            out.clear();
            for (Check check : checks) {
                if (check.atMillis() == now) {
                    List<Got> got = open(latest.values(), check.rule());
                    if (!matches(check.expected(), got)) {
                        failures.add(new Failure(check, got));
                    }
                }
            }
        }
        return new Outcome(name, failures);
    }

    private static void apply(Input input, int step, long now, RuleCatalog.Snapshot snapshot,
            Map<String, SeriesState> series, Map<String, SeriesState.InstanceClock> clocks,
            RuleEvaluator.SeriesLookup lookup, List<Transition> out) {
        MetricSample template = input.template();
        MetricSample sample = new MetricSample(template.source(), template.instanceId(), template.queueId(),
                template.channel(), template.agentId(), template.metric(), input.steps().get(step).value(),
                template.unit(), T0.plusMillis(now), template.labels());
        SeriesState state = series.computeIfAbsent(sample.seriesKey(), key -> RuleEvaluator.newSeries(sample));
        if (RuleEvaluator.apply(state, sample, snapshot.forMetric(sample.metric()),
                snapshot.ratiosOver(sample.metric()), lookup, out)) {
            if (state.clock == null) {
                state.clock = clocks.computeIfAbsent(String.valueOf(state.instanceId),
                        instance -> new SeriesState.InstanceClock());
            }
            // Live, a sample arrives as its interval ends: its wall-clock arrival is its event time.
            state.clock.advance(state.sampleTime, now);
        }
    }

    /** The alerts of a rule that are pending or firing now. */
    private static List<Got> open(Collection<Transition> latest, RuleSpec rule) {
        List<Got> got = new ArrayList<>();
        for (Transition transition : latest) {
            if (transition.rule().id().equals(rule.id()) && transition.state() != AlertEvent.State.RESOLVED) {
                got.add(new Got(TransitionRecorder.labelsOf(transition), transition.rule().severity(),
                        transition.state(), transition.value(), transition.startsAt().toEpochMilli()));
            }
        }
        got.sort((a, b) -> a.labels().toString().compareTo(b.labels().toString()));
        return got;
    }

    /** As many alerts as expected, each expected one matched by a different alert. */
    static boolean matches(List<Expected> expected, List<Got> got) {
        if (expected.size() != got.size()) {
            return false;
        }
        List<Got> left = new ArrayList<>(got);
        for (Expected alert : expected) {
            Got match = left.stream().filter(candidate -> matches(alert, candidate)).findFirst().orElse(null);
            if (match == null) {
                return false;
            }
            left.remove(match);
        }
        return true;
    }

    private static boolean matches(Expected expected, Got got) {
        if (expected.state() != got.state() || expected.severity() != null && expected.severity() != got.severity()) {
            return false;
        }
        for (Map.Entry<String, String> label : expected.labels().entrySet()) {
            if (!label.getValue().equals(got.labels().get(label.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
