package io.connectops.alerting.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import io.connectops.alerting.config.AlertingConfig;
import io.connectops.alerting.rules.RuleSpec;
import io.connectops.alerting.suppression.InhibitionMuter;
import io.connectops.alerting.suppression.Muter;
import io.connectops.alerting.suppression.SilenceMuter;
import io.connectops.alerting.suppression.SilenceService;
import io.connectops.alerting.suppression.Suppression;
import io.connectops.contracts.AlertEvent;
import io.connectops.platform.outbox.Outbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Records alert transitions: history, current state, and the event on ops.alerts.v1 through the outbox, all in the
 * caller's transaction (the evaluator's checkpoint). A transition already in the history is a replay and is
 * dropped whole, so none is published twice. Muted transitions (silences, maintenance windows, inhibition: see
 * {@link Muter}) are recorded but not published; a resolution is published only when subscribers were told the alert
 * was open; a firing is announced with its group ({@code GroupAnnouncer}). A batch costs a fixed number of queries
 * whatever its size: silences, open alerts and known transitions are read once.
 */
@ApplicationScoped
public class TransitionRecorder {

    @Inject
    AlertStore store;

    @Inject
    AlertPublisher publisher;

    @Inject
    SilenceService silences;

    @Inject
    Outbox outbox;

    @Inject
    AlertingConfig config;

    private final Counter suppressed;

    @Inject
    public TransitionRecorder(MeterRegistry registry) {
        suppressed = registry.counter("alerting.alerts.suppressed");
    }

    /** What one batch decides on, read once: the alerts it touches, silences in force, inhibiting alerts. */
    private final class Batch {
        final AlertStore.Batch alerts;
        final InhibitionMuter inhibition;
        final Muter muter;
        /** The alerts the batch changed, written together once it is done. */
        final Map<String, Alert> changed = new LinkedHashMap<>();
        final HistoryRows history;
        final List<Outbox.Message> messages = new ArrayList<>();
        final Map<String, RuleSpec> groupsToSchedule = new LinkedHashMap<>();

        Batch(List<Transition> transitions) {
            Instant earliest = transitions.stream().map(Transition::at).min(Comparator.naturalOrder()).orElseThrow();
            Set<String> fingerprints = new HashSet<>();
            transitions.forEach(transition -> fingerprints.add(transition.fingerprint()));
            alerts = store.load(fingerprints);
            AlertingConfig.Inhibition settings = config.inhibition();
            inhibition = new InhibitionMuter(settings.enabled(), settings.sourceSeverity(), settings.equalLabels());
            if (inhibition.enabled()) {
                store.inhibitors(inhibition.inhibitingSeverities()).forEach(inhibition::inhibiting);
            }
            muter = Muter.inOrder(List.of(new SilenceMuter(silences.inForceFrom(earliest)), inhibition));
            history = new HistoryRows(transitions.size());
        }
    }

    /**
     * Records a batch in the caller's transaction. A database failure is left to the caller, without marking the
     * transaction for rollback: the evaluator may record again under a savepoint, without the row at fault.
     */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = PersistenceException.class)
    public void record(List<Transition> transitions) {
        if (transitions.isEmpty()) {
            return;
        }
        List<Transition> fresh = withoutKnown(transitions);
        if (fresh.isEmpty()) {
            return;
        }
        Batch batch = new Batch(fresh);
        for (Transition transition : fresh) {
            recordOne(transition, batch);
        }
        // Alerts first: the group announcer locks alerts without waiting and then marks their history, so a checkpoint
        // that held a history row while waiting for an alert the announcer holds would deadlock with it.
        store.write(batch.alerts, batch.changed.values());
        store.insertHistory(batch.history);
        store.scheduleGroups(batch.groupsToSchedule);
        outbox.publishAll(batch.messages);
    }

    /** Drops the transitions the history already holds: a replay after a crash or a lost partition. */
    private List<Transition> withoutKnown(List<Transition> transitions) {
        Set<String> fingerprints = new HashSet<>();
        transitions.forEach(transition -> fingerprints.add(transition.fingerprint()));
        Set<String> known = store.knownTransitions(fingerprints);
        List<Transition> fresh = new ArrayList<>(transitions.size());
        Set<String> seen = new HashSet<>();
        for (Transition transition : transitions) {
            String key = transition.fingerprint() + '|' + transition.state() + '|' + transition.at().toEpochMilli();
            if (!known.contains(key) && seen.add(key)) {
                fresh.add(transition);
            }
        }
        return fresh;
    }

    private void recordOne(Transition transition, Batch batch) {
        Map<String, String> labels = labelsOf(transition);
        Alert alert = batch.alerts.alerts().get(transition.fingerprint());
        Suppression suppression = transition.state() == AlertEvent.State.RESOLVED ? null
                : batch.muter.mutes(new Muter.Candidate(transition.fingerprint(), transition.rule().severity(), labels,
                        transition.at())).orElse(null);
        String suppressedBy = suppression == null ? null : suppression.column();
        // A firing alert is announced with its group (after the group wait), not here: see GroupAnnouncer.
        boolean publish = transition.state() == AlertEvent.State.RESOLVED
                ? alert != null && alert.publishedState != null && alert.publishedState != AlertEvent.State.RESOLVED
                : suppressedBy == null && transition.state() == AlertEvent.State.PENDING;
        String eventId = AlertPublisher.eventIdOf(transition.fingerprint(), transition.state().name(), transition.at());
        if (transition.state() == AlertEvent.State.RESOLVED && awaitsAnnouncement(alert)) {
            // Over before its group was announced: its firing is announced now, so that every subscriber sees the
            // whole episode (a replayed day publishes what living it did, whatever the wall clock did).
            announceFiring(alert, transition.rule(), batch);
            publish = true;
        }
        batch.history.add(transition, suppressedBy, publish, eventId);

        if (alert == null) {
            alert = new Alert();
            alert.fingerprint = transition.fingerprint();
            alert.seriesKey = transition.seriesKey();
            alert.instanceId = transition.instanceId();
            alert.queueId = transition.queueId();
            batch.alerts.alerts().put(alert.fingerprint, alert);
        }
        alert.ruleId = transition.rule().id();
        alert.ruleName = transition.rule().name();
        alert.groupKey = groupKeyOf(labels);
        alert.state = transition.state();
        alert.severity = transition.rule().severity();
        alert.labels = labels;
        alert.value = transition.value();
        alert.threshold = transition.rule().thresholdOrNull();
        alert.reason = transition.reason();
        alert.startsAt = transition.startsAt();
        alert.endsAt = transition.endsAt();
        alert.changedAt = transition.at();
        alert.suppressedBy = suppressedBy;
        alert.updatedAt = Instant.now();
        batch.changed.put(alert.fingerprint, alert);
        batch.inhibition.track(alert.fingerprint, alert.severity, alert.labels,
                alert.state == AlertEvent.State.FIRING && alert.suppressedBy == null);
        if (transition.state() == AlertEvent.State.FIRING && suppressedBy == null) {
            batch.groupsToSchedule.put(alert.groupKey, transition.rule());
        }
        if (!publish) {
            if (suppressedBy != null) {
                suppressed.increment();
            }
            return;
        }
        batch.messages.add(publisher.publish(alert, transition.rule(), transition.state(), transition.value(),
                transition.reason(), transition.startsAt(), transition.endsAt(), eventId, null));
    }

    private static boolean awaitsAnnouncement(Alert alert) {
        return alert != null && alert.state == AlertEvent.State.FIRING && alert.suppressedBy == null
                && alert.publishedState != AlertEvent.State.FIRING;
    }

    private void announceFiring(Alert alert, RuleSpec rule, Batch batch) {
        String eventId = AlertPublisher.eventIdOf(alert.fingerprint, AlertEvent.State.FIRING.name(), alert.changedAt);
        batch.messages.add(publisher.publish(alert, rule, AlertEvent.State.FIRING, alert.value, alert.reason,
                alert.startsAt, null, eventId,
                alert.announcedAt == null ? AlertEvent.Announcement.NEW : AlertEvent.Announcement.CHANGED));
        batch.history.markFiringPublished(alert.fingerprint, alert.changedAt);
    }

    /** Rule labels first, then the series' own: a rule cannot relabel the instance or queue it fired on. */
    public static Map<String, String> labelsOf(Transition transition) {
        Map<String, String> labels = new LinkedHashMap<>(transition.rule().labels());
        labels.put("rule", transition.rule().name());
        labels.put("ruleId", transition.rule().id());
        labels.put("severity", transition.rule().severity().name());
        labels.put("metric", transition.metric());
        putIfPresent(labels, "instanceId", transition.instanceId());
        putIfPresent(labels, "queueId", transition.queueId());
        putIfPresent(labels, "channel", transition.channel());
        putIfPresent(labels, "agentId", transition.agentId());
        return labels;
    }

    String groupKeyOf(Map<String, String> labels) {
        StringBuilder key = new StringBuilder();
        for (String label : config.grouping().labels()) {
            if (key.length() > 0) {
                key.append(',');
            }
            key.append(label).append('=').append(labels.getOrDefault(label, ""));
        }
        return key.toString();
    }

    private static void putIfPresent(Map<String, String> labels, String label, String value) {
        if (value != null) {
            labels.put(label, value);
        }
    }
}
