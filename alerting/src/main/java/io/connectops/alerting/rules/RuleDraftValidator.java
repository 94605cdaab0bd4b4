package io.connectops.alerting.rules;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import io.connectops.contracts.metrics.MetricCatalogue;
import io.connectops.contracts.metrics.MetricUnit;
import io.connectops.platform.problem.Problem;
import io.connectops.platform.problem.ProblemException;

/**
 * Decides whether a rule draft is valid, for the rule API and for rule tests alike, and what the evaluator runs for
 * a valid one. Pure: whether a name is taken among the stored rules is asked through {@link NameTaken}.
 */
public final class RuleDraftValidator {

    private static final Duration LONGEST_WINDOW = Duration.ofDays(1);
    private static final Duration LONGEST_HOLD = Duration.ofDays(7);
    private static final Pattern EXTERNAL_ORIGIN = Pattern.compile("[a-z0-9-]{1,50}");

    /** Whether a stored rule other than {@code ownId} (null for a new rule) already has this name. */
    @FunctionalInterface
    public interface NameTaken {
        boolean test(String name, String ownId);
    }

    private RuleDraftValidator() {
    }

    /**
     * Checks a draft to store under {@code ownId} (null for a new rule): everything Bean Validation cannot say.
     *
     * @throws ProblemException 400 naming each field at fault
     */
    public static void check(RuleDraft draft, String ownId, NameTaken taken) {
        List<Problem.FieldError> errors = problems(draft);
        if (draft.name() != null && taken.test(draft.name().strip(), ownId)) {
            errors.add(new Problem.FieldError("name", "another rule is already named '" + draft.name().strip() + "'"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    /**
     * Rules as a file or an export holds them, checked as a create would check them (names unique among them) and
     * turned into what the evaluator runs, without storing anything: for rule tests.
     *
     * @throws ProblemException 400 naming {@code rules[i].field} for each field at fault
     */
    public static List<RuleSpec> specsOf(List<RuleDraft> drafts) {
        List<Problem.FieldError> errors = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            String prefix = "rules[" + i + "].";
            RuleDraft draft = drafts.get(i);
            problems(draft).forEach(error -> errors.add(new Problem.FieldError(prefix + error.field(), error.message())));
            String name = draft.name().strip();
            if (names.contains(name)) {
                errors.add(new Problem.FieldError(prefix + "name", "another rule of the list is already named '" + name
                        + "'"));
            }
            names.add(name);
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        List<RuleSpec> specs = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            specs.add(specOf("test-" + (i + 1), drafts.get(i)));
        }
        return specs;
    }

    /** A valid draft as the evaluator runs it, under {@code id}, as the stored rule would run. */
    static RuleSpec specOf(String id, RuleDraft draft) {
        Aggregation aggregation = aggregationOf(draft);
        return new RuleSpec(id, draft.name().strip(), draft.metric(), draft.instanceId(), draft.queueId(),
                draft.channel(), aggregation, aggregation.needsWindow() ? Duration.parse(draft.window()).toMillis() : 0,
                draft.comparator(), draft.threshold(), durationOrZero(draft.forDuration()).toMillis(),
                durationOrZero(draft.keepFiringFor()).toMillis(), noDataOf(draft), draft.severity(), draft.labels(),
                draft.summary(), draft.description(), draft.runbookUrl(), denominatorOf(draft),
                durationOrNull(draft.groupWait()), durationOrNull(draft.groupInterval()),
                durationOrNull(draft.repeatInterval()), unitOf(draft));
    }

    /** The aggregation of a valid draft: LAST unless it names one. */
    static Aggregation aggregationOf(RuleDraft draft) {
        return draft.aggregation() == null ? Aggregation.LAST : draft.aggregation();
    }

    /** The no-data policy of a valid draft: RESOLVE unless it names one. */
    static NoDataPolicy noDataOf(RuleDraft draft) {
        return draft.noData() == null ? NoDataPolicy.RESOLVE : draft.noData();
    }

    /** The denominator of a valid draft: only a RATIO has one. */
    static String denominatorOf(RuleDraft draft) {
        return aggregationOf(draft) == Aggregation.RATIO ? draft.denominatorMetric() : null;
    }

    /** The unit a valid draft compares in: declared for a pushed custom metric, the catalogue's otherwise (null). */
    static String unitOf(RuleDraft draft) {
        return MetricCatalogue.isCustom(draft.metric()) ? draft.thresholdUnit().toUpperCase(Locale.ROOT) : null;
    }

    /** Why a sample's metric is not one alerting knows, or empty when it is (catalogued or a pushed custom_ one). */
    public static Optional<String> unknownMetric(String metric) {
        if (MetricCatalogue.isCustom(metric) || MetricCatalogue.byName(metric).isPresent()) {
            return Optional.empty();
        }
        return Optional.of("unknown metric '" + metric + "'; known metrics: " + String.join(", ", MetricCatalogue.names())
                + ", or a pushed metric custom_<name>");
    }

    /** What is wrong with a draft on its own: the catalogue, durations, units. */
    private static List<Problem.FieldError> problems(RuleDraft draft) {
        List<Problem.FieldError> errors = new ArrayList<>();
        boolean external = draft.metric().startsWith(RuleSpec.EXTERNAL_PREFIX);
        boolean custom = MetricCatalogue.isCustom(draft.metric());
        Optional<MetricUnit> unit = external ? Optional.empty()
                : custom ? declaredUnit(draft.thresholdUnit(), errors) : MetricCatalogue.unitOf(draft.metric());
        Aggregation aggregation = aggregationOf(draft);
        if (external) {
            // A rule that claims another system's alerts: that system compared already, nothing is aggregated.
            if (!EXTERNAL_ORIGIN.matcher(draft.metric().substring(RuleSpec.EXTERNAL_PREFIX.length())).matches()) {
                errors.add(new Problem.FieldError("metric", "an external rule names its origin in lower case letters, "
                        + "digits and dashes (at most 50), as in external:cloudwatch"));
            }
            if (aggregation != Aggregation.LAST) {
                errors.add(new Problem.FieldError("aggregation", "must be LAST (or empty) for an external rule"));
            }
        } else if (unit.isEmpty() && !custom) {
            errors.add(new Problem.FieldError("metric", unknownMetric(draft.metric()).orElseThrow()));
        }
        if (aggregation.needsWindow()) {
            Duration window = duration("window", draft.window(), errors);
            if (draft.window() == null) {
                errors.add(new Problem.FieldError("window", "is required for aggregation " + aggregation));
            } else if (window != null && (window.isZero() || window.compareTo(LONGEST_WINDOW) > 0)) {
                errors.add(new Problem.FieldError("window", "must be more than zero and at most P1D"));
            }
        } else if (draft.window() != null) {
            errors.add(new Problem.FieldError("window", "must be empty for aggregation LAST"));
        }
        Optional<MetricUnit> denominatorUnit = Optional.empty();
        if (aggregation == Aggregation.RATIO) {
            if (draft.denominatorMetric() == null) {
                errors.add(new Problem.FieldError("denominatorMetric", "is required for aggregation RATIO"));
            } else {
                denominatorUnit = MetricCatalogue.unitOf(draft.denominatorMetric());
                if (denominatorUnit.isEmpty()) {
                    errors.add(new Problem.FieldError("denominatorMetric", "unknown metric '"
                            + draft.denominatorMetric() + "'; known metrics: " + String.join(", ", MetricCatalogue.names())));
                } else if (draft.denominatorMetric().equals(draft.metric())) {
                    errors.add(new Problem.FieldError("denominatorMetric", "must differ from metric"));
                } else if (unit.isPresent() && unit.get() != denominatorUnit.get()) {
                    errors.add(new Problem.FieldError("denominatorMetric", "is measured in " + denominatorUnit.get()
                            + " and " + draft.metric() + " in " + unit.get() + ": a ratio divides like by like"));
                }
            }
        } else if (draft.denominatorMetric() != null) {
            errors.add(new Problem.FieldError("denominatorMetric", "must be empty unless aggregation is RATIO"));
        }
        for (String[] field : new String[][] {{"forDuration", draft.forDuration()}, {"keepFiringFor", draft.keepFiringFor()},
                {"groupWait", draft.groupWait()}, {"groupInterval", draft.groupInterval()},
                {"repeatInterval", draft.repeatInterval()}}) {
            Duration hold = duration(field[0], field[1], errors);
            if (hold != null && hold.compareTo(LONGEST_HOLD) > 0) {
                errors.add(new Problem.FieldError(field[0], "must be at most P7D"));
            }
        }
        Duration repeat = draft.repeatInterval() == null ? null : duration("repeatInterval", draft.repeatInterval(),
                new ArrayList<>());
        if (repeat != null && repeat.compareTo(Duration.ofSeconds(5)) < 0) {
            errors.add(new Problem.FieldError("repeatInterval", "must be at least PT5S"));
        }
        if (aggregation == Aggregation.RATIO && draft.threshold() != null) {
            // The result of a ratio is a percentage, whatever the unit of the two metrics.
            if (draft.thresholdUnit() != null && !draft.thresholdUnit().equalsIgnoreCase(MetricUnit.PERCENT.name())) {
                errors.add(new Problem.FieldError("thresholdUnit", "a RATIO is measured in PERCENT, not "
                        + draft.thresholdUnit()));
            } else if (!MetricUnit.PERCENT.admits(draft.threshold())) {
                errors.add(new Problem.FieldError("threshold", "must be " + MetricUnit.PERCENT.range()
                        + " for a RATIO (a percentage)"));
            }
        } else if (unit.isPresent() && draft.threshold() != null) {
            if (draft.thresholdUnit() != null && !draft.thresholdUnit().equalsIgnoreCase(unit.get().name())) {
                errors.add(new Problem.FieldError("thresholdUnit", "metric " + draft.metric() + " is measured in "
                        + unit.get() + ", not " + draft.thresholdUnit()));
            } else if (aggregation != Aggregation.RATE && !unit.get().admits(draft.threshold())
                    && !(MetricCatalogue.isSigned(draft.metric()) && unit.get().admits(-draft.threshold()))) {
                errors.add(new Problem.FieldError("threshold", "must be " + unit.get().range() + " for a metric in "
                        + unit.get()));
            }
        }
        if (draft.threshold() != null && (draft.threshold().isNaN() || draft.threshold().isInfinite())) {
            errors.add(new Problem.FieldError("threshold", "must be a finite number"));
        }
        return errors;
    }

    /**
     * The unit a rule on a pushed custom metric declares in {@code thresholdUnit}: pushers choose their units, so the
     * rule says which one it compares, and samples of another are not compared.
     */
    private static Optional<MetricUnit> declaredUnit(String thresholdUnit, List<Problem.FieldError> errors) {
        List<String> units = Arrays.stream(MetricUnit.values()).map(Enum::name).toList();
        if (thresholdUnit == null || !units.contains(thresholdUnit.toUpperCase(Locale.ROOT))) {
            errors.add(new Problem.FieldError("thresholdUnit", "a rule on a pushed custom_ metric declares its unit, one of "
                    + String.join(", ", units)));
            return Optional.empty();
        }
        return Optional.of(MetricUnit.valueOf(thresholdUnit.toUpperCase(Locale.ROOT)));
    }

    /**
     * An ISO-8601 duration, or null (with the reason in {@code errors}) when it cannot be read or is negative; null
     * without an error when there is none.
     */
    public static Duration duration(String field, String text, List<Problem.FieldError> errors) {
        if (text == null) {
            return null;
        }
        try {
            Duration duration = Duration.parse(text);
            if (duration.isNegative()) {
                errors.add(new Problem.FieldError(field, "must not be negative"));
                return null;
            }
            return duration;
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(field, "'" + text + "' is not an ISO-8601 duration such as PT15M"));
            return null;
        }
    }

    static Duration durationOrZero(String text) {
        return text == null ? Duration.ZERO : Duration.parse(text);
    }

    static Duration durationOrNull(String text) {
        return text == null ? null : Duration.parse(text);
    }
}
