package io.connectops.alerting.service;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
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
import io.connectops.alerting.domain.RuleSpec;
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
    static final String INHIBITED_BY = "inhibited-by:";
    private static final String SELECT_KNOWN = "SELECT fingerprint || '|' || state || '|' "
            + "|| (extract(epoch FROM occurred_at) * 1000)::bigint FROM alert_history WHERE fingerprint = ANY (?)";
    /**
     * A group gains a firing alert: a new group is announced after its group wait; an announced one at its next
     * group interval; an announcement already due stays due.
     */
    private static final String SCHEDULE_GROUPS = "INSERT INTO alert_group (group_key, group_wait_ms, group_interval_ms, "
            + "repeat_interval_ms, next_announce_at) SELECT k, w, i, r, now() + w * interval '1 millisecond' "
            + "FROM unnest(?::varchar[], ?::bigint[], ?::bigint[], ?::bigint[]) AS g(k, w, i, r) "
            + "ON CONFLICT (group_key) DO UPDATE SET group_wait_ms = excluded.group_wait_ms, "
            + "group_interval_ms = excluded.group_interval_ms, repeat_interval_ms = excluded.repeat_interval_ms, "
            + "updated_at = now(), next_announce_at = COALESCE(alert_group.next_announce_at, "
            + "CASE WHEN alert_group.last_announced_at IS NULL THEN excluded.next_announce_at "
            + "ELSE GREATEST(now(), alert_group.last_announced_at + excluded.group_interval_ms * interval '1 millisecond') END)";
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

    void countPublished() {
        published.increment();
    }

    /** What one batch needs to decide suppression without a query per transition. */
    private final class BatchContext {
        final List<Silence> silences;
        /** Firing alerts urgent enough to inhibit, by the values of the equal labels. */
        final Map<String, String> inhibitors = new HashMap<>();
        final Map<String, Alert> alerts;
        final AlertRows rows = new AlertRows();
        /** The alerts the batch changed, written together once it is done. */
        final Map<String, Alert> changed = new LinkedHashMap<>();

        BatchContext(List<Transition> transitions) {
            Instant earliest = transitions.stream().map(Transition::at).min(Comparator.naturalOrder()).orElseThrow();
            silences = Silence.list("endsAt > ?1", earliest);
            Set<String> fingerprints = new HashSet<>();
            transitions.forEach(transition -> fingerprints.add(transition.fingerprint()));
            alerts = entityManager.unwrap(Session.class).doReturningWork(connection -> {
                Map<String, Alert> stored = rows.load(connection, fingerprints);
                if (config.inhibition().enabled()) {
                    AlertRows.inhibitors(connection, inhibitingSeverities()).forEach((fingerprint, labels) ->
                            inhibitors.putIfAbsent(scopeOf(labels), fingerprint));
                }
                return stored;
            });
        }

        void writeAlerts() {
            entityManager.unwrap(Session.class).doWork(connection -> rows.write(connection, changed.values()));
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
        Map<String, RuleSpec> groupsToSchedule = new LinkedHashMap<>();
        for (Transition transition : fresh) {
            recordOne(transition, batch, history, messages, groupsToSchedule);
        }
        // Alerts first: the group announcer locks alerts without waiting and then marks their history, so a checkpoint
        // that held a history row while waiting for an alert the announcer holds would deadlock with it.
        batch.writeAlerts();
        history.insert();
        scheduleGroups(groupsToSchedule);
        outbox.publishAll(messages);
    }

    /**
     * Makes the groups of newly firing (or newly unsuppressed) alerts due for announcement (see {@link GroupAnnouncer}):
     * a new group after its group wait, an announced one at its next group interval; one already due stays due. One
     * statement whatever the number of groups, in key order so that concurrent writers lock rows alike.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void scheduleGroups(Map<String, RuleSpec> groups) {
        if (groups.isEmpty()) {
            return;
        }
        List<String> keys = new ArrayList<>(groups.keySet());
        keys.sort(null);
        Long[] waits = new Long[keys.size()];
        Long[] intervals = new Long[keys.size()];
        Long[] repeats = new Long[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            RuleSpec rule = groups.get(keys.get(i));
            waits[i] = groupWait(rule).toMillis();
            intervals[i] = groupInterval(rule).toMillis();
            repeats[i] = repeatInterval(rule).toMillis();
        }
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(SCHEDULE_GROUPS)) {
                upsert.setArray(1, connection.createArrayOf("varchar", keys.toArray()));
                upsert.setArray(2, connection.createArrayOf("bigint", waits));
                upsert.setArray(3, connection.createArrayOf("bigint", intervals));
                upsert.setArray(4, connection.createArrayOf("bigint", repeats));
                upsert.executeUpdate();
            }
        });
    }

    Duration groupWait(RuleSpec rule) {
        return rule.groupWait() != null ? rule.groupWait() : config.grouping().groupWait();
    }

    Duration groupInterval(RuleSpec rule) {
        return rule.groupInterval() != null ? rule.groupInterval() : config.grouping().groupInterval();
    }

    Duration repeatInterval(RuleSpec rule) {
        return rule.repeatInterval() != null ? rule.repeatInterval() : config.grouping().repeatInterval();
    }

    /** The same transition (or announcement) always gets the same CloudEvent id: consumers drop a replay by it. */
    static String eventIdOf(String fingerprint, String what, Instant at) {
        return UUID.nameUUIDFromBytes((fingerprint + '|' + what + '|' + at.toEpochMilli())
                .getBytes(StandardCharsets.UTF_8)).toString();
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
            List<Outbox.Message> messages, Map<String, RuleSpec> groupsToSchedule) {
        Map<String, String> labels = labelsOf(transition);
        Alert alert = batch.alerts.get(transition.fingerprint());
        String suppressedBy = transition.state() == AlertEvent.State.RESOLVED ? null
                : suppression(transition, labels, batch);
        // A firing alert is announced with its group (after the group wait), not here: see GroupAnnouncer.
        boolean publish = transition.state() == AlertEvent.State.RESOLVED
                ? alert != null && alert.publishedState != null && alert.publishedState != AlertEvent.State.RESOLVED
                : suppressedBy == null && transition.state() == AlertEvent.State.PENDING;
        String eventId = eventIdOf(transition.fingerprint(), transition.state().name(), transition.at());
        if (transition.state() == AlertEvent.State.RESOLVED && awaitsAnnouncement(alert)) {
            // Over before its group was announced: its firing is announced now, so that every subscriber sees the
            // whole episode (a replayed day publishes what living it did, whatever the wall clock did).
            announceFiring(alert, transition.rule(), history, messages);
            publish = true;
        }
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
        batch.changed.put(alert.fingerprint, alert);
        trackInhibitor(alert, batch);
        if (transition.state() == AlertEvent.State.FIRING && suppressedBy == null) {
            groupsToSchedule.put(alert.groupKey, transition.rule());
        }
        if (!publish) {
            if (suppressedBy != null) {
                suppressed.increment();
            }
            return;
        }
        alert.publishedState = transition.state();
        published.increment();
        AlertEvent event = eventOf(alert, transition.rule(), transition.state(), transition.value(), transition.reason(),
                transition.startsAt(), transition.endsAt(), null);
        messages.add(new Outbox.Message(Topics.ALERTS, alert.fingerprint,
                CloudEvent.of(eventId, SOURCE, event.type(), alert.fingerprint, Instant.now(), event)));
    }

    AlertEvent eventOf(Alert alert, RuleSpec rule, AlertEvent.State state, Double value, String reason,
            Instant startsAt, Instant endsAt, AlertEvent.Announcement announcement) {
        return new AlertEvent(alert.fingerprint, alert.groupKey, rule.id(), rule.name(), state, rule.severity(),
                alert.labels, value, rule.threshold(), rule.summary(), rule.description(), rule.runbookUrl(), reason,
                startsAt, endsAt, groupWait(rule), groupInterval(rule), repeatInterval(rule), announcement);
    }

    private static boolean awaitsAnnouncement(Alert alert) {
        return alert != null && alert.state == AlertEvent.State.FIRING && alert.suppressedBy == null
                && alert.publishedState != AlertEvent.State.FIRING;
    }

    private void announceFiring(Alert alert, RuleSpec rule, HistoryRows history, List<Outbox.Message> messages) {
        Instant now = Instant.now();
        AlertEvent event = eventOf(alert, rule, AlertEvent.State.FIRING, alert.value, alert.reason, alert.startsAt, null,
                alert.announcedAt == null ? AlertEvent.Announcement.NEW : AlertEvent.Announcement.CHANGED);
        String eventId = eventIdOf(alert.fingerprint, AlertEvent.State.FIRING.name(), alert.changedAt);
        messages.add(new Outbox.Message(Topics.ALERTS, alert.fingerprint,
                CloudEvent.of(eventId, SOURCE, event.type(), alert.fingerprint, now, event)));
        history.markFiringPublished(alert.fingerprint, alert.changedAt);
        alert.publishedState = AlertEvent.State.FIRING;
        alert.announcedAt = now;
        published.increment();
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
        return inhibitor == null || inhibitor.equals(transition.fingerprint()) ? null : INHIBITED_BY + inhibitor;
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

        /** Firing rows published after they were recorded, by an earlier batch. */
        final List<String[]> publishedLater = new ArrayList<>();
        final List<Instant> publishedLaterAt = new ArrayList<>();

        /** Row of each FIRING transition of the batch, by fingerprint and time. */
        final Map<String, Integer> firingRows = new HashMap<>();

        void markFiringPublished(String fingerprint, Instant at) {
            Integer row = firingRows.get(fingerprint + '|' + at.toEpochMilli());
            if (row != null) {
                publications.set(row, true);
                return;
            }
            publishedLater.add(new String[] {fingerprint});
            publishedLaterAt.add(at);
        }

        void add(Transition transition, String suppressedBy, boolean published, String eventId) {
            if (transition.state() == AlertEvent.State.FIRING) {
                firingRows.put(transition.fingerprint() + '|' + transition.at().toEpochMilli(), fingerprints.size());
            }
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
                if (!publishedLater.isEmpty()) {
                    try (PreparedStatement update = connection.prepareStatement(GroupAnnouncer.HISTORY_PUBLISHED_JDBC)) {
                        for (int i = 0; i < publishedLater.size(); i++) {
                            update.setString(1, publishedLater.get(i)[0]);
                            update.setTimestamp(2, Timestamp.from(publishedLaterAt.get(i)));
                            update.addBatch();
                        }
                        update.executeBatch();
                    }
                }
            });
        }
    }
}
