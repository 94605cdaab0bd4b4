package io.connectops.alerting.service;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

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
 * a resolution is published only when subscribers were told the alert was open. A batch costs a fixed number of
 * queries whatever its size: silences, open alerts and known transitions are read once.
 */
@ApplicationScoped
public class TransitionRecorder {

    static final String SOURCE = "/alerting";
    private static final String SELECT_KNOWN = "SELECT fingerprint || '|' || state || '|' "
            + "|| (extract(epoch FROM occurred_at) * 1000)::bigint FROM alert_history WHERE fingerprint = ANY (?)";
    private static final String INSERT_HISTORY = "INSERT INTO alert_history (fingerprint, state, occurred_at, value, "
            + "threshold, reason, suppressed_by, published, event_id) SELECT * FROM unnest(?::varchar[], ?::varchar[], "
            + "?::timestamptz[], ?::float8[], ?::float8[], ?::varchar[], ?::varchar[], ?::boolean[], ?::varchar[]) "
            + "ON CONFLICT (fingerprint, state, occurred_at) DO NOTHING";

    @Inject
    EntityManager entityManager;

    @Inject
    Outbox outbox;

    @Inject
    AlertingConfig config;

    private final Counter published;
    private final Counter suppressed;

    @Inject
    public TransitionRecorder(MeterRegistry registry) {
        published = registry.counter("alerting.alerts.published");
        suppressed = registry.counter("alerting.alerts.suppressed");
    }

    /** What one batch needs to decide suppression without a query per transition. */
    private final class BatchContext {
        final List<Silence> silences;
        /** Firing alerts urgent enough to inhibit, by the values of the equal labels. */
        final Map<String, String> inhibitors = new HashMap<>();
        final Map<String, Alert> alerts = new HashMap<>();

        BatchContext(List<Transition> transitions) {
            Instant earliest = transitions.stream().map(Transition::at).min(Comparator.naturalOrder()).orElseThrow();
            silences = Silence.list("endsAt > ?1", earliest);
            Set<String> fingerprints = new HashSet<>();
            transitions.forEach(transition -> fingerprints.add(transition.fingerprint()));
            for (Alert alert : Alert.<Alert>list("fingerprint in ?1", fingerprints)) {
                alerts.put(alert.fingerprint, alert);
            }
            if (config.inhibition().enabled()) {
                for (Alert alert : Alert.<Alert>list("state = ?1 and severity in ?2", AlertEvent.State.FIRING,
                        inhibitingSeverities())) {
                    if (alert.suppressedBy == null) {
                        inhibitors.putIfAbsent(scopeOf(alert.labels), alert.fingerprint);
                    }
                }
            }
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(List<Transition> transitions) {
        if (transitions.isEmpty()) {
            return;
        }
        List<Transition> fresh = withoutKnown(transitions);
        if (fresh.isEmpty()) {
            return;
        }
        BatchContext batch = new BatchContext(fresh);
        List<Outbox.Message> messages = new ArrayList<>();
        HistoryRows history = new HistoryRows(fresh.size());
        for (Transition transition : fresh) {
            recordOne(transition, batch, history, messages);
        }
        history.insert();
        outbox.publishAll(messages);
    }

    /** Drops the transitions the history already holds: a replay after a crash or a lost partition. */
    private List<Transition> withoutKnown(List<Transition> transitions) {
        Set<String> fingerprints = new HashSet<>();
        transitions.forEach(transition -> fingerprints.add(transition.fingerprint()));
        Set<String> known = new HashSet<>();
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT_KNOWN)) {
                select.setArray(1, connection.createArrayOf("varchar", fingerprints.toArray()));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        known.add(rows.getString(1));
                    }
                }
            }
        });
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

    private void recordOne(Transition transition, BatchContext batch, HistoryRows history,
            List<Outbox.Message> messages) {
        Map<String, String> labels = labelsOf(transition);
        Alert alert = batch.alerts.get(transition.fingerprint());
        String suppressedBy = transition.state() == AlertEvent.State.RESOLVED ? null
                : suppression(transition, labels, batch);
        boolean publish = transition.state() == AlertEvent.State.RESOLVED
                ? alert != null && alert.publishedState != null && alert.publishedState != AlertEvent.State.RESOLVED
                : suppressedBy == null;
        String eventId = UUID.nameUUIDFromBytes((transition.fingerprint() + '|' + transition.state() + '|'
                + transition.at().toEpochMilli()).getBytes(StandardCharsets.UTF_8)).toString();
        history.add(transition, suppressedBy, publish, eventId);

        if (alert == null) {
            alert = new Alert();
            alert.fingerprint = transition.fingerprint();
            alert.seriesKey = transition.seriesKey();
            alert.instanceId = transition.instanceId();
            alert.queueId = transition.queueId();
            batch.alerts.put(alert.fingerprint, alert);
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
        if (!alert.isPersistent()) {
            alert.persist();
        }
        trackInhibitor(alert, batch);
        if (!publish) {
            if (suppressedBy != null) {
                suppressed.increment();
            }
            return;
        }
        alert.publishedState = transition.state();
        published.increment();
        AlertEvent event = eventOf(alert, transition);
        messages.add(new Outbox.Message(Topics.ALERTS, alert.fingerprint,
                CloudEvent.of(eventId, SOURCE, event.type(), alert.fingerprint, Instant.now(), event)));
    }

    static AlertEvent eventOf(Alert alert, Transition transition) {
        return new AlertEvent(alert.fingerprint, alert.groupKey, transition.rule().id(), transition.rule().name(),
                transition.state(), transition.rule().severity(), alert.labels, transition.value(),
                transition.rule().threshold(), transition.rule().summary(), transition.rule().description(),
                transition.rule().runbookUrl(), transition.reason(), transition.startsAt(), transition.endsAt());
    }

    /** A silence in force at the transition's event time, or a firing alert more urgent in the same scope. */
    private String suppression(Transition transition, Map<String, String> labels, BatchContext batch) {
        for (Silence silence : batch.silences) {
            if (silence.isActiveAt(transition.at()) && silence.matches(labels)) {
                return silence.id;
            }
        }
        AlertingConfig.Inhibition inhibition = config.inhibition();
        if (!inhibition.enabled() || !inhibition.sourceSeverity().isMoreUrgentThan(transition.rule().severity())) {
            return null;
        }
        String inhibitor = batch.inhibitors.get(scopeOf(labels));
        return inhibitor == null || inhibitor.equals(transition.fingerprint()) ? null : "inhibited-by:" + inhibitor;
    }

    private void trackInhibitor(Alert alert, BatchContext batch) {
        if (!config.inhibition().enabled() || !inhibitingSeverities().contains(alert.severity)) {
            return;
        }
        String scope = scopeOf(alert.labels);
        if (alert.state == AlertEvent.State.FIRING && alert.suppressedBy == null) {
            batch.inhibitors.putIfAbsent(scope, alert.fingerprint);
        } else {
            batch.inhibitors.remove(scope, alert.fingerprint);
        }
    }

    private List<Severity> inhibitingSeverities() {
        Severity source = config.inhibition().sourceSeverity();
        return Arrays.stream(Severity.values())
                .filter(severity -> severity == source || severity.isMoreUrgentThan(source)).toList();
    }

    /** The values of the inhibition's equal labels; alerts lacking one of them share no scope. */
    private String scopeOf(Map<String, String> labels) {
        StringBuilder scope = new StringBuilder();
        for (String label : config.inhibition().equalLabels()) {
            String value = labels.get(label);
            if (value == null) {
                return "\u0000unscoped:" + UUID.randomUUID();
            }
            scope.append(label).append('=').append(value).append('\u0000');
        }
        return scope.toString();
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

    /** History rows of a batch, inserted with one statement. */
    private final class HistoryRows {
        final List<String> fingerprints;
        final List<String> states;
        final List<Timestamp> times;
        final List<Double> values;
        final List<Double> thresholds;
        final List<String> reasons;
        final List<String> suppressions;
        final List<Boolean> publications;
        final List<String> eventIds;

        HistoryRows(int size) {
            fingerprints = new ArrayList<>(size);
            states = new ArrayList<>(size);
            times = new ArrayList<>(size);
            values = new ArrayList<>(size);
            thresholds = new ArrayList<>(size);
            reasons = new ArrayList<>(size);
            suppressions = new ArrayList<>(size);
            publications = new ArrayList<>(size);
            eventIds = new ArrayList<>(size);
        }

        void add(Transition transition, String suppressedBy, boolean published, String eventId) {
            fingerprints.add(transition.fingerprint());
            states.add(transition.state().name());
            times.add(Timestamp.from(transition.at()));
            values.add(transition.value());
            thresholds.add(transition.rule().threshold());
            reasons.add(transition.reason());
            suppressions.add(suppressedBy);
            publications.add(published);
            eventIds.add(eventId);
        }

        void insert() {
            entityManager.unwrap(Session.class).doWork(connection -> {
                try (PreparedStatement insert = connection.prepareStatement(INSERT_HISTORY)) {
                    insert.setArray(1, connection.createArrayOf("varchar", fingerprints.toArray()));
                    insert.setArray(2, connection.createArrayOf("varchar", states.toArray()));
                    insert.setArray(3, connection.createArrayOf("timestamptz", times.toArray()));
                    insert.setArray(4, connection.createArrayOf("float8", values.toArray()));
                    insert.setArray(5, connection.createArrayOf("float8", thresholds.toArray()));
                    insert.setArray(6, connection.createArrayOf("varchar", reasons.toArray()));
                    insert.setArray(7, connection.createArrayOf("varchar", suppressions.toArray()));
                    insert.setArray(8, connection.createArrayOf("boolean", publications.toArray()));
                    insert.setArray(9, connection.createArrayOf("varchar", eventIds.toArray()));
                    insert.executeUpdate();
                }
            });
        }
    }
}
