package io.connectops.alerting.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;

import io.connectops.alerting.rules.JsonColumns;
import io.connectops.alerting.rules.RuleSpec;
import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.Severity;

/**
 * The SQL of alerts: the rows a checkpoint's transitions touch, their history, and the scheduling of their groups. A
 * batch is read and written with one statement per table rather than as managed entities, whatever its size:
 * flushing entities one dynamic update at a time is far slower than the evaluation behind them. Only the columns the
 * recorder owns are always written; what subscribers were told and the suppression, which the group announcer also
 * changes, are written only when the batch changed them (as a dynamic update would). Every method runs in its
 * caller's transaction, and leaves a failure to it: the evaluator isolates a transition the database refuses under a
 * savepoint, which a transaction marked for rollback on the way would defeat.
 */
@ApplicationScoped
public class AlertStore {

    private static final String COLUMNS = "fingerprint, rule_id, rule_name, series_key, group_key, state, severity, "
            + "instance_id, queue_id, labels, value, threshold, reason, starts_at, ends_at, changed_at, suppressed_by, "
            + "published_state, announced_at";
    /**
     * The alerts a batch decides on, locked: the group announcer may publish an alert's FIRING and commit between an
     * unlocked read and this batch's write, and the batch, still seeing it unannounced, would publish FIRING again.
     * Locked in fingerprint order, so that two evaluators' batches never wait for each other in a cycle; the announcer
     * locks without waiting and retries on its next round.
     */
    private static final String SELECT = "SELECT " + COLUMNS + " FROM alert WHERE fingerprint = ANY (?) "
            + "ORDER BY fingerprint FOR UPDATE";
    private static final String SELECT_INHIBITORS = "SELECT fingerprint, labels FROM alert WHERE state = 'FIRING' "
            + "AND severity = ANY (?) AND suppressed_by IS NULL";
    private static final String INSERT = "INSERT INTO alert (" + COLUMNS + ", updated_at) SELECT * FROM unnest("
            + "?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], "
            + "?::varchar[], ?::varchar[], ?::text[], ?::float8[], ?::float8[], ?::varchar[], ?::timestamptz[], "
            + "?::timestamptz[], ?::timestamptz[], ?::varchar[], ?::varchar[], ?::timestamptz[], ?::timestamptz[])";
    private static final String UPDATE = "UPDATE alert a SET rule_id = u.rule_id, rule_name = u.rule_name, "
            + "group_key = u.group_key, state = u.state, severity = u.severity, labels = u.labels, value = u.value, "
            + "threshold = u.threshold, reason = u.reason, starts_at = u.starts_at, ends_at = u.ends_at, "
            + "changed_at = u.changed_at, updated_at = u.updated_at, "
            + "suppressed_by = CASE WHEN u.suppression_changed THEN u.suppressed_by ELSE a.suppressed_by END, "
            + "published_state = CASE WHEN u.publication_changed THEN u.published_state ELSE a.published_state END, "
            + "announced_at = CASE WHEN u.publication_changed THEN u.announced_at ELSE a.announced_at END "
            + "FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], "
            + "?::text[], ?::float8[], ?::float8[], ?::varchar[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[], "
            + "?::timestamptz[], ?::varchar[], ?::boolean[], ?::varchar[], ?::timestamptz[], ?::boolean[]) AS u("
            + "fingerprint, rule_id, rule_name, group_key, state, severity, labels, value, threshold, reason, starts_at, "
            + "ends_at, changed_at, updated_at, suppressed_by, suppression_changed, published_state, announced_at, "
            + "publication_changed) WHERE a.fingerprint = u.fingerprint";

    private static final String SELECT_KNOWN = "SELECT fingerprint || '|' || state || '|' "
            + "|| (extract(epoch FROM occurred_at) * 1000)::bigint FROM alert_history WHERE fingerprint = ANY (?)";
    private static final String INSERT_HISTORY = "INSERT INTO alert_history (fingerprint, state, occurred_at, value, "
            + "threshold, reason, suppressed_by, published, event_id) SELECT * FROM unnest(?::varchar[], ?::varchar[], "
            + "?::timestamptz[], ?::float8[], ?::float8[], ?::varchar[], ?::varchar[], ?::boolean[], ?::varchar[]) "
            + "ON CONFLICT (fingerprint, state, occurred_at) DO NOTHING";
    private static final String HISTORY_PUBLISHED = "UPDATE alert_history SET published = true "
            + "WHERE fingerprint = ? AND state = 'FIRING' AND occurred_at = ?";
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

    /**
     * History recorded before a time, of alerts that are resolved (or gone): an open alert keeps its history. One
     * batch at a time, oldest first.
     */
    private static final String PURGE_HISTORY = "DELETE FROM alert_history WHERE id IN (SELECT h.id FROM alert_history h "
            + "WHERE h.recorded_at < ? AND NOT EXISTS (SELECT 1 FROM alert a WHERE a.fingerprint = h.fingerprint "
            + "AND a.state <> 'RESOLVED') ORDER BY h.recorded_at LIMIT ?)";

    private static final JsonColumns.Labels LABELS = new JsonColumns.Labels();
    private static final Comparator<Alert> BY_FINGERPRINT = Comparator.comparing(alert -> alert.fingerprint);

    /**
     * The alerts of one batch as read, to be written back together: new ones inserted, known ones updated in the
     * columns the batch changed.
     */
    public static final class Batch {

        /** What an alert held when it was read, to tell which of the shared columns this batch changed. */
        private record Loaded(String suppressedBy, AlertEvent.State publishedState, Instant announcedAt) {
        }

        private final Map<String, Loaded> loaded = new HashMap<>();
        private Map<String, Alert> alerts;

        /** The alerts of the batch by fingerprint: the stored ones, and those the caller adds. */
        public Map<String, Alert> alerts() {
            return alerts;
        }

        /** The stored alerts among {@code fingerprints}, by fingerprint; they are remembered as read. */
        private Map<String, Alert> load(Connection connection, Collection<String> fingerprints) throws SQLException {
            Map<String, Alert> alerts = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement(SELECT)) {
                select.setArray(1, connection.createArrayOf("varchar", fingerprints.toArray()));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        Alert alert = new Alert();
                        alert.fingerprint = rows.getString(1);
                        alert.ruleId = rows.getString(2);
                        alert.ruleName = rows.getString(3);
                        alert.seriesKey = rows.getString(4);
                        alert.groupKey = rows.getString(5);
                        alert.state = AlertEvent.State.valueOf(rows.getString(6));
                        alert.severity = Severity.valueOf(rows.getString(7));
                        alert.instanceId = rows.getString(8);
                        alert.queueId = rows.getString(9);
                        alert.labels = LABELS.convertToEntityAttribute(rows.getString(10));
                        alert.value = doubleOrNull(rows, 11);
                        alert.threshold = doubleOrNull(rows, 12);
                        alert.reason = rows.getString(13);
                        alert.startsAt = instantOrNull(rows, 14);
                        alert.endsAt = instantOrNull(rows, 15);
                        alert.changedAt = instantOrNull(rows, 16);
                        alert.suppressedBy = rows.getString(17);
                        String publishedState = rows.getString(18);
                        alert.publishedState = publishedState == null ? null : AlertEvent.State.valueOf(publishedState);
                        alert.announcedAt = instantOrNull(rows, 19);
                        alerts.put(alert.fingerprint, alert);
                        loaded.put(alert.fingerprint,
                                new Loaded(alert.suppressedBy, alert.publishedState, alert.announcedAt));
                    }
                }
            }
            return alerts;
        }

        /** Inserts the alerts that were not read by {@link AlertStore#load}, and updates the others. */
        private void write(Connection connection, Collection<Alert> alerts) throws SQLException {
            List<Alert> fresh = new ArrayList<>();
            List<Alert> known = new ArrayList<>();
            for (Alert alert : alerts) {
                (loaded.containsKey(alert.fingerprint) ? known : fresh).add(alert);
            }
            // In key order, as every writer of these rows does, so that concurrent writers lock them alike.
            fresh.sort(BY_FINGERPRINT);
            known.sort(BY_FINGERPRINT);
            if (!fresh.isEmpty()) {
                insert(connection, fresh);
            }
            if (!known.isEmpty()) {
                update(connection, known);
            }
        }

        private void insert(Connection connection, List<Alert> alerts) throws SQLException {
            int n = alerts.size();
            Object[][] columns = new Object[20][n];
            for (int i = 0; i < n; i++) {
                Alert alert = alerts.get(i);
                columns[0][i] = alert.fingerprint;
                columns[1][i] = alert.ruleId;
                columns[2][i] = alert.ruleName;
                columns[3][i] = alert.seriesKey;
                columns[4][i] = alert.groupKey;
                columns[5][i] = alert.state.name();
                columns[6][i] = alert.severity.name();
                columns[7][i] = alert.instanceId;
                columns[8][i] = alert.queueId;
                columns[9][i] = LABELS.convertToDatabaseColumn(alert.labels);
                columns[10][i] = alert.value;
                columns[11][i] = alert.threshold;
                columns[12][i] = alert.reason;
                columns[13][i] = timestamp(alert.startsAt);
                columns[14][i] = timestamp(alert.endsAt);
                columns[15][i] = timestamp(alert.changedAt);
                columns[16][i] = alert.suppressedBy;
                columns[17][i] = alert.publishedState == null ? null : alert.publishedState.name();
                columns[18][i] = timestamp(alert.announcedAt);
                columns[19][i] = timestamp(alert.updatedAt);
            }
            String[] types = {"varchar", "varchar", "varchar", "varchar", "varchar", "varchar", "varchar", "varchar",
                    "varchar", "text", "float8", "float8", "varchar", "timestamptz", "timestamptz", "timestamptz", "varchar",
                    "varchar", "timestamptz", "timestamptz"};
            execute(connection, INSERT, types, columns);
        }

        private void update(Connection connection, List<Alert> alerts) throws SQLException {
            int n = alerts.size();
            Object[][] columns = new Object[19][n];
            for (int i = 0; i < n; i++) {
                Alert alert = alerts.get(i);
                Loaded before = loaded.get(alert.fingerprint);
                columns[0][i] = alert.fingerprint;
                columns[1][i] = alert.ruleId;
                columns[2][i] = alert.ruleName;
                columns[3][i] = alert.groupKey;
                columns[4][i] = alert.state.name();
                columns[5][i] = alert.severity.name();
                columns[6][i] = LABELS.convertToDatabaseColumn(alert.labels);
                columns[7][i] = alert.value;
                columns[8][i] = alert.threshold;
                columns[9][i] = alert.reason;
                columns[10][i] = timestamp(alert.startsAt);
                columns[11][i] = timestamp(alert.endsAt);
                columns[12][i] = timestamp(alert.changedAt);
                columns[13][i] = timestamp(alert.updatedAt);
                columns[14][i] = alert.suppressedBy;
                columns[15][i] = !Objects.equals(before.suppressedBy(), alert.suppressedBy);
                columns[16][i] = alert.publishedState == null ? null : alert.publishedState.name();
                columns[17][i] = timestamp(alert.announcedAt);
                columns[18][i] = before.publishedState() != alert.publishedState
                        || !Objects.equals(before.announcedAt(), alert.announcedAt);
            }
            String[] types = {"varchar", "varchar", "varchar", "varchar", "varchar", "varchar", "text", "float8", "float8",
                    "varchar", "timestamptz", "timestamptz", "timestamptz", "timestamptz", "varchar", "boolean", "varchar",
                    "timestamptz", "boolean"};
            execute(connection, UPDATE, types, columns);
        }
    }

    @Inject
    EntityManager entityManager;

    @Inject
    GroupTimers timers;

    @Inject
    Event<GroupsDueNow> groupsDueNow;

    /**
     * Fired inside a transaction that made a group due at once (a P1's, whose group does not wait): the announcer
     * announces it as soon as the transaction commits, rather than on its next tick.
     */
    public record GroupsDueNow() {
    }

    /** The stored alerts among {@code fingerprints}, as a batch to write back with {@link #write}. */
    public Batch load(Collection<String> fingerprints) {
        Batch batch = new Batch();
        batch.alerts = session().doReturningWork(connection -> batch.load(connection, fingerprints));
        return batch;
    }

    /** Inserts the alerts of the batch that were not stored, and updates the others. */
    public void write(Batch batch, Collection<Alert> changed) {
        session().doWork(connection -> batch.write(connection, changed));
    }

    /** Firing, unsuppressed alerts of the given severities: fingerprint and labels. */
    public Map<String, Map<String, String>> inhibitors(List<Severity> severities) {
        return session().doReturningWork(connection -> inhibitors(connection, severities));
    }

    /** The transitions the history holds among these fingerprints, as {@code fingerprint|state|epochMillis}. */
    public Set<String> knownTransitions(Set<String> fingerprints) {
        Set<String> known = new HashSet<>();
        session().doWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT_KNOWN)) {
                select.setArray(1, connection.createArrayOf("varchar", fingerprints.toArray()));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        known.add(rows.getString(1));
                    }
                }
            }
        });
        return known;
    }

    /** Inserts a batch's history rows with one statement, and marks the earlier firings it published. */
    public void insertHistory(HistoryRows history) {
        session().doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT_HISTORY)) {
                insert.setArray(1, connection.createArrayOf("varchar", history.fingerprints.toArray()));
                insert.setArray(2, connection.createArrayOf("varchar", history.states.toArray()));
                insert.setArray(3, connection.createArrayOf("timestamptz", history.times.toArray()));
                insert.setArray(4, connection.createArrayOf("float8", history.values.toArray()));
                insert.setArray(5, connection.createArrayOf("float8", history.thresholds.toArray()));
                insert.setArray(6, connection.createArrayOf("varchar", history.reasons.toArray()));
                insert.setArray(7, connection.createArrayOf("varchar", history.suppressions.toArray()));
                insert.setArray(8, connection.createArrayOf("boolean", history.publications.toArray()));
                insert.setArray(9, connection.createArrayOf("varchar", history.eventIds.toArray()));
                insert.executeUpdate();
            }
            markFiringsPublished(connection, history.publishedLater);
        });
    }

    /** The FIRING history row of an alert at that time was published (announced) after it was recorded. */
    public void markFiringPublished(String fingerprint, Instant at) {
        session().doWork(connection -> markFiringsPublished(connection, List.of(new HistoryRows.Firing(fingerprint, at))));
    }

    private static void markFiringsPublished(Connection connection, List<HistoryRows.Firing> firings)
            throws SQLException {
        if (firings.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(HISTORY_PUBLISHED)) {
            for (HistoryRows.Firing firing : firings) {
                update.setString(1, firing.fingerprint());
                update.setTimestamp(2, Timestamp.from(firing.at()));
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /**
     * Makes the groups of newly firing (or newly unsuppressed) alerts due for announcement: a new group after its
     * group wait, an announced one at its next group interval; one already due stays due. One statement whatever the
     * number of groups, in key order so that concurrent writers lock rows alike.
     */
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
            waits[i] = timers.groupWait(rule).toMillis();
            intervals[i] = timers.groupInterval(rule).toMillis();
            repeats[i] = timers.repeatInterval(rule).toMillis();
        }
        boolean dueNow = false;
        for (Long wait : waits) {
            dueNow |= wait == 0;
        }
        session().doWork(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(SCHEDULE_GROUPS)) {
                upsert.setArray(1, connection.createArrayOf("varchar", keys.toArray()));
                upsert.setArray(2, connection.createArrayOf("bigint", waits));
                upsert.setArray(3, connection.createArrayOf("bigint", intervals));
                upsert.setArray(4, connection.createArrayOf("bigint", repeats));
                upsert.executeUpdate();
            }
        });
        if (dueNow) {
            groupsDueNow.fire(new GroupsDueNow());
        }
    }

    /** Deletes one batch of the history recorded before {@code before} of alerts no longer open; returns how many. */
    public int purgeHistory(Instant before, int batchSize) {
        return session().doReturningWork(connection -> {
            try (PreparedStatement purge = connection.prepareStatement(PURGE_HISTORY)) {
                purge.setTimestamp(1, Timestamp.from(before));
                purge.setInt(2, batchSize);
                return purge.executeUpdate();
            }
        });
    }

    private Session session() {
        return entityManager.unwrap(Session.class);
    }

    /** Firing, unsuppressed alerts of the given severities: fingerprint and labels. */
    private static Map<String, Map<String, String>> inhibitors(Connection connection, List<Severity> severities)
            throws SQLException {
        Map<String, Map<String, String>> inhibitors = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(SELECT_INHIBITORS)) {
            select.setArray(1, connection.createArrayOf("varchar", severities.stream().map(Enum::name).toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    inhibitors.put(rows.getString(1), LABELS.convertToEntityAttribute(rows.getString(2)));
                }
            }
        }
        return inhibitors;
    }

    private static void execute(Connection connection, String sql, String[] types, Object[][] columns)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int c = 0; c < columns.length; c++) {
                statement.setArray(c + 1, connection.createArrayOf(types[c], columns[c]));
            }
            statement.executeUpdate();
        }
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instantOrNull(ResultSet rows, int column) throws SQLException {
        Timestamp timestamp = rows.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static Double doubleOrNull(ResultSet rows, int column) throws SQLException {
        double value = rows.getDouble(column);
        return rows.wasNull() ? null : value;
    }
}
