package io.connectops.alerting.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * The enabled rules, held in memory for the evaluator and swapped as a whole. An instance reloads after its own
 * rule changes commit, and every few seconds to see the changes other instances made.
 */
@ApplicationScoped
public class RuleCatalog {

    /** Fired inside the transaction that changed rules; the catalogue reloads once it commits. */
    public record RulesChanged() {
    }

    /**
     * The rules at one moment: by metric for evaluation, by id for the sweep, and the rules this instance saw that
     * were since deleted or disabled, so that their open alerts can still be resolved.
     */
    public record Snapshot(Map<String, List<RuleSpec>> byMetric, Map<String, RuleSpec> byId,
            Map<String, RuleSpec> retired, Map<String, List<RuleSpec>> ratiosByDenominator) {

        public List<RuleSpec> forMetric(String metric) {
            return byMetric.getOrDefault(metric, List.of());
        }

        /** The ratio rules that divide by this metric. */
        public List<RuleSpec> ratiosOver(String metric) {
            return ratiosByDenominator.getOrDefault(metric, List.of());
        }

        /** The snapshot of these rules, indexed as the evaluator reads them. */
        public static Snapshot of(Collection<RuleSpec> rules, Map<String, RuleSpec> retired) {
            Map<String, List<RuleSpec>> byMetric = new HashMap<>();
            Map<String, List<RuleSpec>> byDenominator = new HashMap<>();
            Map<String, RuleSpec> byId = new HashMap<>();
            for (RuleSpec spec : rules) {
                byMetric.computeIfAbsent(spec.metric(), metric -> new ArrayList<>()).add(spec);
                if (spec.isRatio()) {
                    byDenominator.computeIfAbsent(spec.denominatorMetric(), metric -> new ArrayList<>()).add(spec);
                }
                byId.put(spec.id(), spec);
            }
            byMetric.replaceAll((metric, specs) -> List.copyOf(specs));
            byDenominator.replaceAll((metric, specs) -> List.copyOf(specs));
            return new Snapshot(Map.copyOf(byMetric), Map.copyOf(byId), Map.copyOf(retired), Map.copyOf(byDenominator));
        }
    }

    private volatile Snapshot snapshot;
    private final Map<String, RuleSpec> retired = new HashMap<>();

    public Snapshot current() {
        Snapshot current = snapshot;
        return current != null ? current : reload();
    }

    void afterRulesChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) RulesChanged change) {
        reload();
    }

    @Scheduled(every = "${connectops.alerting.rules.refresh-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refresh() {
        reload();
    }

    public synchronized Snapshot reload() {
        List<AlertRule> rules = QuarkusTransaction.requiringNew().call(() -> AlertRule.<AlertRule>list("enabled", true));
        Map<String, RuleSpec> byId = new HashMap<>();
        for (AlertRule rule : rules) {
            RuleSpec spec = rule.toSpec();
            byId.put(spec.id(), spec);
        }
        if (snapshot != null) {
            snapshot.byId().forEach((id, spec) -> {
                if (!byId.containsKey(id)) {
                    retired.put(id, spec);
                }
            });
        }
        byId.keySet().forEach(retired::remove);
        snapshot = Snapshot.of(byId.values(), retired);
        return snapshot;
    }
}
