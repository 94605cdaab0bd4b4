package io.connectops.alerting.rules;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.connectops.contracts.Severity;
import io.connectops.contracts.metrics.MetricCatalogue;
import io.connectops.contracts.metrics.MetricUnit;
import io.connectops.platform.problem.Problem;
import io.connectops.platform.problem.ProblemException;
import io.connectops.platform.rest.Page;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.quarkus.runtime.StartupEvent;

@ApplicationScoped
public class RuleService {

    private static final Logger LOG = Logger.getLogger(RuleService.class);
    private static final Duration LONGEST_WINDOW = Duration.ofDays(1);
    private static final Duration LONGEST_HOLD = Duration.ofDays(7);
    private static final Pattern EXTERNAL_ORIGIN = Pattern.compile("[a-z0-9-]{1,50}");

    @Inject
    EntityManager entityManager;

    @Inject
    Event<RuleCatalog.RulesChanged> rulesChanged;

    /**
     * Loads each seed of default rules the first time the service starts on a database with it; later edits and
     * deletions stay, and a rule added to the defaults later arrives once, with its own seed.
     */
    void seedDefaults(@Observes StartupEvent startup) {
        QuarkusTransaction.requiringNew().run(() -> {
            int loaded = 0;
            for (String seedName : DefaultRules.all().stream().map(DefaultRules.Seed::seedName).distinct().toList()) {
                int claimed = entityManager.createNativeQuery(
                        "INSERT INTO rule_seed (seed_name) VALUES (?1) ON CONFLICT DO NOTHING")
                        .setParameter(1, seedName).executeUpdate();
                if (claimed == 0) {
                    continue;
                }
                for (DefaultRules.Seed seed : DefaultRules.all()) {
                    if (seed.seedName().equals(seedName) && AlertRule.count("name", seed.draft().name()) == 0) {
                        persist(seed.id(), seed.draft(), true);
                        loaded++;
                    }
                }
            }
            if (loaded > 0) {
                LOG.infof("Loaded %d default alert rules", loaded);
                rulesChanged.fire(new RuleCatalog.RulesChanged());
            }
        });
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<RuleView> find(String metric, Severity severity, Boolean enabled, int page, int size) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (metric != null) {
            query.append(" and metric = :metric");
            parameters.and("metric", metric);
        }
        if (severity != null) {
            query.append(" and severity = :severity");
            parameters.and("severity", severity);
        }
        if (enabled != null) {
            query.append(" and enabled = :enabled");
            parameters.and("enabled", enabled);
        }
        var found = AlertRule.<AlertRule>find(query.toString(), Sort.by("name"), parameters);
        return new Page<>(found.page(page, size).list(), page, size, found.count()).map(RuleView::of);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public RuleView get(String id) {
        return RuleView.of(rule(id));
    }

    @Transactional
    public RuleView create(RuleDraft draft) {
        return RuleView.of(persist(UUID.randomUUID().toString(), draft, false));
    }

    @Transactional
    public RuleView replace(String id, RuleDraft draft) {
        AlertRule rule = rule(id);
        validate(draft, id);
        apply(rule, draft);
        rule.updatedAt = Instant.now();
        rulesChanged.fire(new RuleCatalog.RulesChanged());
        return RuleView.of(rule);
    }

    @Transactional
    public void delete(String id) {
        rule(id).delete();
        rulesChanged.fire(new RuleCatalog.RulesChanged());
    }

    private static AlertRule rule(String id) {
        return Optional.ofNullable(AlertRule.<AlertRule>findById(id))
                .orElseThrow(() -> ProblemException.notFound("Rule", id));
    }

    private AlertRule persist(String id, RuleDraft draft, boolean seeded) {
        validate(draft, null);
        AlertRule rule = new AlertRule();
        rule.id = id;
        rule.seeded = seeded;
        rule.createdAt = Instant.now();
        rule.updatedAt = rule.createdAt;
        apply(rule, draft);
        rule.persist();
        rulesChanged.fire(new RuleCatalog.RulesChanged());
        return rule;
    }

    private static void apply(AlertRule rule, RuleDraft draft) {
        rule.name = draft.name().strip();
        rule.metric = draft.metric();
        rule.instanceId = draft.instanceId();
        rule.queueId = draft.queueId();
        rule.channel = draft.channel();
        rule.aggregation = draft.aggregation() == null ? Aggregation.LAST : draft.aggregation();
        rule.window = rule.aggregation.needsWindow() ? Duration.parse(draft.window()).toString() : null;
        rule.comparator = draft.comparator();
        rule.threshold = draft.threshold();
        rule.forDuration = durationOrZero(draft.forDuration()).toString();
        rule.keepFiringFor = durationOrZero(draft.keepFiringFor()).toString();
        rule.noData = draft.noData() == null ? NoDataPolicy.RESOLVE : draft.noData();
        rule.severity = draft.severity();
        rule.labels = draft.labels() == null ? new HashMap<>() : new HashMap<>(draft.labels());
        rule.summary = draft.summary();
        rule.description = draft.description();
        rule.runbookUrl = draft.runbookUrl();
        rule.enabled = draft.enabled() == null || draft.enabled();
        rule.denominatorMetric = rule.aggregation == Aggregation.RATIO ? draft.denominatorMetric() : null;
        rule.groupWait = durationOrNull(draft.groupWait());
        rule.groupInterval = durationOrNull(draft.groupInterval());
        rule.repeatInterval = durationOrNull(draft.repeatInterval());
        rule.unit = MetricCatalogue.isCustom(draft.metric()) ? draft.thresholdUnit().toUpperCase(Locale.ROOT) : null;
    }

    private static String durationOrNull(String text) {
        return text == null ? null : Duration.parse(text).toString();
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

    /** A valid draft as the evaluator runs it, under {@code id}; nothing is stored. */
    static RuleSpec specOf(String id, RuleDraft draft) {
        AlertRule rule = new AlertRule();
        rule.id = id;
        apply(rule, draft);
        return rule.toSpec();
    }

    /** Everything Bean Validation cannot say: the catalogue, durations, units, unique names. */
    private static void validate(RuleDraft draft, String ownId) {
        List<Problem.FieldError> errors = problems(draft);
        if (draft.name() != null) {
            long sameName = ownId == null ? AlertRule.count("name", draft.name().strip())
                    : AlertRule.count("name = ?1 and id <> ?2", draft.name().strip(), ownId);
            if (sameName > 0) {
                errors.add(new Problem.FieldError("name", "another rule is already named '" + draft.name().strip() + "'"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    /** What is wrong with a draft on its own: the catalogue, durations, units. */
    private static List<Problem.FieldError> problems(RuleDraft draft) {
        List<Problem.FieldError> errors = new ArrayList<>();
        boolean external = draft.metric().startsWith(RuleSpec.EXTERNAL_PREFIX);
        boolean custom = MetricCatalogue.isCustom(draft.metric());
        Optional<MetricUnit> unit = external ? Optional.empty()
                : custom ? declaredUnit(draft.thresholdUnit(), errors) : MetricCatalogue.unitOf(draft.metric());
        Aggregation aggregation = draft.aggregation() == null ? Aggregation.LAST : draft.aggregation();
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
            errors.add(new Problem.FieldError("metric", "unknown metric '" + draft.metric() + "'; known metrics: "
                    + String.join(", ", MetricCatalogue.names()) + ", or a pushed metric custom_<name>"));
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

    private static Duration duration(String field, String text, List<Problem.FieldError> errors) {
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

    private static Duration durationOrZero(String text) {
        return text == null ? Duration.ZERO : Duration.parse(text);
    }
}
