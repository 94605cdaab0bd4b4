package io.connectops.alerting.service;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.connectops.alerting.config.AlertingConfig;
import io.connectops.alerting.domain.Alert;
import io.connectops.alerting.domain.Silence;
import io.connectops.alerting.domain.Transition;
import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.Severity;
import io.connectops.contracts.Topics;
import io.connectops.platform.outbox.Outbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Records alert transitions: history, current state, and the event on ops.alerts.v1 through the outbox, all in the
 * caller's transaction (the evaluator's checkpoint). A transition already in the history is a replay and is
 * dropped whole, so none is published twice. Silenced and inhibited transitions are recorded but not published;
 * a resolution is published only when subscribers were told the alert was open.
 */
@ApplicationScoped
public class TransitionRecorder {

    static final String SOURCE = "/alerting";
    private static final String INSERT_HISTORY = "INSERT INTO alert_history (fingerprint, state, occurred_at, value, "
            + "threshold, reason, suppressed_by, published, event_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
            + "ON CONFLICT (fingerprint, state, occurred_at) DO NOTHING";

    @Inject
    EntityManager entityManager;

    @Inject
    Outbox outbox;

    @Inject
    SilenceService silences;

    @Inject
    AlertingConfig config;

    private final Counter published;
    private final Counter suppressed;

    @Inject
    public TransitionRecorder(MeterRegistry registry) {
        published = registry.counter("alerting.alerts.published");
        suppressed = registry.counter("alerting.alerts.suppressed");
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(List<Transition> transitions) {
        List<Outbox.Message> messages = new ArrayList<>();
        for (Transition transition : transitions) {
            recordOne(transition).ifPresent(messages::add);
        }
        outbox.publishAll(messages);
    }

    private Optional<Outbox.Message> recordOne(Transition transition) {
        Map<String, String> labels = labelsOf(transition);
        Alert alert = Alert.findById(transition.fingerprint());
        String suppressedBy = transition.state() == AlertEvent.State.RESOLVED ? null : suppression(transition, labels);
        boolean publish = transition.state() == AlertEvent.State.RESOLVED
                ? alert != null && alert.publishedState != null && alert.publishedState != AlertEvent.State.RESOLVED
                : suppressedBy == null;
        String eventId = UUID.nameUUIDFromBytes((transition.fingerprint() + '|' + transition.state() + '|'
                + transition.at().toEpochMilli()).getBytes(StandardCharsets.UTF_8)).toString();
        int fresh = entityManager.createNativeQuery(INSERT_HISTORY)
                .setParameter(1, transition.fingerprint())
                .setParameter(2, transition.state().name())
                .setParameter(3, Timestamp.from(transition.at()))
                .setParameter(4, transition.value())
                .setParameter(5, transition.rule().threshold())
                .setParameter(6, transition.reason())
                .setParameter(7, suppressedBy)
                .setParameter(8, publish)
                .setParameter(9, eventId)
                .executeUpdate();
        if (fresh == 0) {
            return Optional.empty();
        }
        boolean firstTransition = alert == null;
        if (firstTransition) {
            alert = new Alert();
            alert.fingerprint = transition.fingerprint();
            alert.seriesKey = transition.seriesKey();
            alert.instanceId = transition.instanceId();
            alert.queueId = transition.queueId();
        }
        alert.ruleId = transition.rule().id();
        alert.ruleName = transition.rule().name();
        alert.groupKey = groupKeyOf(labels);
        alert.state = transition.state();
        alert.severity = transition.rule().severity();
        alert.labels = labels;
        alert.value = transition.value();
        alert.threshold = transition.rule().threshold();
        alert.reason = transition.reason();
        alert.startsAt = transition.startsAt();
        alert.endsAt = transition.endsAt();
        alert.changedAt = transition.at();
        alert.suppressedBy = suppressedBy;
        alert.updatedAt = Instant.now();
        if (firstTransition) {
            alert.persist();
        }
        if (!publish) {
            if (suppressedBy != null) {
                suppressed.increment();
            }
            return Optional.empty();
        }
        alert.publishedState = transition.state();
        published.increment();
        // Flushed now so that inhibition checks of later transitions in this batch see this alert.
        entityManager.flush();
        AlertEvent event = eventOf(alert, transition);
        return Optional.of(new Outbox.Message(Topics.ALERTS, alert.fingerprint,
                CloudEvent.of(eventId, SOURCE, event.type(), alert.fingerprint, Instant.now(), event)));
    }

    static AlertEvent eventOf(Alert alert, Transition transition) {
        return new AlertEvent(alert.fingerprint, alert.groupKey, transition.rule().id(), transition.rule().name(),
                transition.state(), transition.rule().severity(), alert.labels, transition.value(),
                transition.rule().threshold(), transition.rule().summary(), transition.rule().description(),
                transition.rule().runbookUrl(), transition.reason(), transition.startsAt(), transition.endsAt());
    }

    /** A silence in force at the transition's event time, or a firing alert more urgent on the same instance. */
    private String suppression(Transition transition, Map<String, String> labels) {
        Optional<Silence> silence = silences.silencing(labels, transition.at());
        if (silence.isPresent()) {
            return silence.get().id;
        }
        AlertingConfig.Inhibition inhibition = config.inhibition();
        Severity source = inhibition.sourceSeverity();
        if (!inhibition.enabled() || !source.isMoreUrgentThan(transition.rule().severity())) {
            return null;
        }
        List<Severity> inhibiting = Arrays.stream(Severity.values())
                .filter(severity -> severity == source || severity.isMoreUrgentThan(source)).toList();
        List<Alert> firing = Alert.list("state = ?1 and severity in ?2 and fingerprint <> ?3", AlertEvent.State.FIRING,
                inhibiting, transition.fingerprint());
        for (Alert candidate : firing) {
            boolean sameScope = inhibition.equalLabels().stream()
                    .allMatch(label -> labels.get(label) != null && labels.get(label).equals(candidate.labels.get(label)));
            if (sameScope) {
                return "inhibited-by:" + candidate.fingerprint;
            }
        }
        return null;
    }

    /** Rule labels first, then the series' own: a rule cannot relabel the instance or queue it fired on. */
    static Map<String, String> labelsOf(Transition transition) {
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

    private String groupKeyOf(Map<String, String> labels) {
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
