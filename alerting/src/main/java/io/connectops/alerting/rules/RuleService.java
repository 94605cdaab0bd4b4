package io.connectops.alerting.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.connectops.contracts.Severity;
import io.connectops.platform.problem.ProblemException;
import io.connectops.platform.rest.Page;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.quarkus.runtime.StartupEvent;

@ApplicationScoped
public class RuleService {

    private static final Logger LOG = Logger.getLogger(RuleService.class);

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
        rule.aggregation = RuleDraftValidator.aggregationOf(draft);
        rule.window = rule.aggregation.needsWindow() ? Duration.parse(draft.window()).toString() : null;
        rule.comparator = draft.comparator();
        rule.threshold = draft.threshold();
        rule.forDuration = RuleDraftValidator.durationOrZero(draft.forDuration()).toString();
        rule.keepFiringFor = RuleDraftValidator.durationOrZero(draft.keepFiringFor()).toString();
        rule.noData = RuleDraftValidator.noDataOf(draft);
        rule.severity = draft.severity();
        rule.labels = draft.labels() == null ? new HashMap<>() : new HashMap<>(draft.labels());
        rule.summary = draft.summary();
        rule.description = draft.description();
        rule.runbookUrl = draft.runbookUrl();
        rule.enabled = draft.enabled() == null || draft.enabled();
        rule.denominatorMetric = RuleDraftValidator.denominatorOf(draft);
        rule.groupWait = durationOrNull(draft.groupWait());
        rule.groupInterval = durationOrNull(draft.groupInterval());
        rule.repeatInterval = durationOrNull(draft.repeatInterval());
        rule.unit = RuleDraftValidator.unitOf(draft);
    }

    private static String durationOrNull(String text) {
        return text == null ? null : Duration.parse(text).toString();
    }

    /** Checks a draft as stored rules see it: on its own, and its name among the others. */
    private static void validate(RuleDraft draft, String ownId) {
        RuleDraftValidator.check(draft, ownId, (name, own) -> (own == null ? AlertRule.count("name", name)
                : AlertRule.count("name = ?1 and id <> ?2", name, own)) > 0);
    }
}
