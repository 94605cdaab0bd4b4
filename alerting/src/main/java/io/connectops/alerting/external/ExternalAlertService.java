package io.connectops.alerting.external;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.connectops.alerting.alerts.AlertService;
import io.connectops.alerting.alerts.AlertView;
import io.connectops.alerting.alerts.Transition;
import io.connectops.alerting.alerts.TransitionRecorder;
import io.connectops.alerting.config.AlertingConfig;
import io.connectops.alerting.evaluation.RuleEvaluator;
import io.connectops.alerting.rules.Aggregation;
import io.connectops.alerting.rules.NoDataPolicy;
import io.connectops.alerting.rules.RuleCatalog;
import io.connectops.alerting.rules.RuleSpec;
import io.connectops.alerting.rules.ThresholdComparator;
import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.ExternalAlert;
import io.connectops.platform.input.TextRules;

/**
 * Turns an alert that another system evaluated into a transition of ours, without evaluating a threshold: FIRING fires
 * at once (its origin waited already), RESOLVED resolves, NO_DATA follows the no-data policy of the rule that claims
 * it, and keeps the state when none does. The transition then goes through the recorder like any other: silences,
 * maintenance windows, inhibition, grouping and the outbox to ops.alerts.v1.
 *
 * <p>A rule claims an external alert when its metric is {@code external:<origin>} and its instance and queue, when it
 * names them, are the alert's ({@code instanceId}/{@code instance_id}, {@code queueId}/{@code queue_id} labels).
 */
@ApplicationScoped
public class ExternalAlertService {

    /** Metric of a claiming rule ({@code external:cloudwatch}), and rule id of an unclaimed alert. */
    static final String PREFIX = RuleSpec.EXTERNAL_PREFIX;
    static final int MAX_ORIGIN = 50;
    static final int MAX_FINGERPRINT = 500;
    static final int MAX_NAME = 200;
    static final int MAX_LABEL = 500;
    static final int MAX_SUMMARY = 500;
    static final int MAX_DESCRIPTION = 10_000;
    static final int MAX_RUNBOOK = 1000;

    @Inject
    TransitionRecorder recorder;

    @Inject
    RuleCatalog catalog;

    @Inject
    AlertService alerts;

    @Inject
    AlertingConfig config;

    /** Refuses (to the dead-letter topic) a record that could never be stored or announced. */
    static void validate(ExternalAlert alert) {
        require("origin", alert.origin(), MAX_ORIGIN);
        require("fingerprint", alert.fingerprint(), MAX_FINGERPRINT);
        require("name", alert.name(), MAX_NAME);
        if (alert.status() == null) {
            throw new EventCodec.MalformedEventException("external alert without status");
        }
        alert.labels().forEach((label, value) -> {
            bounded("label name", label, MAX_LABEL);
            bounded("label " + label, value, MAX_LABEL);
        });
        bounded("annotation summary", alert.annotations().get("summary"), MAX_SUMMARY);
        bounded("annotation description", alert.annotations().get("description"), MAX_DESCRIPTION);
        bounded("annotation runbook_url", alert.annotations().get("runbook_url"), MAX_RUNBOOK);
        for (Double number : new Double[] {alert.value(), alert.threshold()}) {
            if (number != null && (number.isNaN() || number.isInfinite())) {
                throw new EventCodec.MalformedEventException("external alert with a value or threshold not finite");
            }
        }
    }

    private static void require(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new EventCodec.MalformedEventException("external alert without " + field);
        }
        bounded(field, value, max);
    }

    private static void bounded(String field, String value, int max) {
        if (value != null && (value.length() > max || TextRules.hasControlCharacter(value))) {
            throw new EventCodec.MalformedEventException("external alert " + field
                    + " longer than " + max + " characters or with a control character");
        }
    }

    /** Applies one state of an external alert; {@code eventTime} stands in for the times its origin did not give. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(ExternalAlert alert, Instant eventTime) {
        String fingerprint = fingerprintOf(alert);
        Optional<RuleSpec> claim = claimOf(alert);
        ReceivedAlert received = remember(fingerprint, alert, claim);
        Optional<AlertView> current = alerts.find(fingerprint);
        boolean open = current.map(view -> view.state() != AlertEvent.State.RESOLVED).orElse(false);
        boolean firing = current.map(view -> view.state() == AlertEvent.State.FIRING).orElse(false);
        AlertEvent.State next = switch (alert.status()) {
            case FIRING -> firing ? null : AlertEvent.State.FIRING;
            case RESOLVED -> open ? AlertEvent.State.RESOLVED : null;
            case NO_DATA -> claim.map(rule -> rule.noData() == NoDataPolicy.FIRE
                    ? (firing ? null : AlertEvent.State.FIRING)
                    : (open ? AlertEvent.State.RESOLVED : null)).orElse(null);
        };
        if (next == null) {
            return;
        }
        // The transition happens here when the alert arrives (eventTime): silences and inhibitions in force now
        // apply, as in Alertmanager, even to an alert whose origin says it started before the silence was made.
        // The origin's own start stays the alert's startsAt.
        Instant at = next == AlertEvent.State.FIRING ? eventTime
                : (alert.endsAt() != null ? alert.endsAt() : eventTime);
        Instant startsAt = next == AlertEvent.State.FIRING
                ? (alert.status() == ExternalAlert.Status.FIRING && alert.startsAt() != null ? alert.startsAt() : at)
                : current.map(AlertView::startsAt).orElse(at);
        String reason = switch (alert.status()) {
            case FIRING -> "firing at " + alert.origin();
            case RESOLVED -> "resolved at " + alert.origin();
            case NO_DATA -> "no data at " + alert.origin();
        };
        Map<String, String> labels = received.labels;
        recorder.record(List.of(new Transition(specOf(received, claim), fingerprint, "external/" + alert.key(),
                scope(labels, "instanceId", "instance_id"), scope(labels, "queueId", "queue_id"), null, null,
                PREFIX + alert.origin(), next, at, alert.value(), startsAt,
                next == AlertEvent.State.RESOLVED ? at : null, reason)));
    }

    /** Our fingerprint of an external alert: one per origin and origin's fingerprint. */
    public static String fingerprintOf(ExternalAlert alert) {
        return RuleEvaluator.fingerprint(PREFIX + alert.origin(), alert.key());
    }

    /** The rule an external alert is announced under, for alerts whose {@code metric} label is external. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<RuleSpec> ruleOf(String fingerprint) {
        ReceivedAlert received = ReceivedAlert.findById(fingerprint);
        if (received == null) {
            return Optional.empty();
        }
        return Optional.of(specOf(received, Optional.ofNullable(received.claimedBy)
                .map(id -> catalog.current().byId().get(id))));
    }

    private Optional<RuleSpec> claimOf(ExternalAlert alert) {
        String instanceId = scope(alert.labels(), "instanceId", "instance_id");
        String queueId = scope(alert.labels(), "queueId", "queue_id");
        return catalog.current().forMetric(PREFIX + alert.origin()).stream()
                .filter(rule -> rule.scopeMatches(instanceId, queueId, null)).findFirst();
    }

    private ReceivedAlert remember(String fingerprint, ExternalAlert alert, Optional<RuleSpec> claim) {
        ReceivedAlert received = ReceivedAlert.findById(fingerprint);
        boolean fresh = received == null;
        if (fresh) {
            received = new ReceivedAlert();
            received.fingerprint = fingerprint;
            received.origin = alert.origin();
            received.originFingerprint = alert.fingerprint();
        }
        Map<String, String> labels = new LinkedHashMap<>(claim.map(RuleSpec::labels).orElse(Map.of()));
        labels.putAll(alert.labels());
        labels.put("origin", alert.origin());
        received.name = alert.name();
        received.severity = alert.severity() != null ? alert.severity() : config.external().defaultSeverity();
        received.labels = labels;
        received.summary = alert.annotations().getOrDefault("summary", claim.map(RuleSpec::summary).orElse(alert.name()));
        received.description = alert.annotations().getOrDefault("description",
                claim.map(RuleSpec::description).orElse(alert.name() + " (reported by " + alert.origin() + ")"));
        received.runbookUrl = alert.annotations().getOrDefault("runbook_url",
                claim.map(RuleSpec::runbookUrl).orElse(null));
        received.claimedBy = claim.map(RuleSpec::id).orElse(null);
        received.updatedAt = Instant.now();
        if (fresh) {
            received.persist();
        }
        return received;
    }

    /** The alert as a rule: its origin's name, severity and text, the claiming rule's no-data policy and timers. */
    private static RuleSpec specOf(ReceivedAlert received, Optional<RuleSpec> claim) {
        return new RuleSpec(claim.map(RuleSpec::id).orElse(PREFIX + received.origin), received.name,
                PREFIX + received.origin, null, null, null, Aggregation.LAST, 0, ThresholdComparator.GT, Double.NaN, 0,
                0, claim.map(RuleSpec::noData).orElse(NoDataPolicy.RESOLVE), received.severity, received.labels,
                received.summary, received.description, received.runbookUrl, null,
                claim.map(RuleSpec::groupWait).orElse(null), claim.map(RuleSpec::groupInterval).orElse(null),
                claim.map(RuleSpec::repeatInterval).orElse(null), null);
    }

    private static String scope(Map<String, String> labels, String name, String alias) {
        String value = labels.get(name);
        return value != null ? value : labels.get(alias);
    }
}
