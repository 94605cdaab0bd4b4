package io.connectops.alerting.service;

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
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.connectops.alerting.domain.Alert;
import io.connectops.alerting.domain.JsonColumns;
import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.Severity;

/**
 * The alerts a checkpoint's transitions touch, read and written with one statement each rather than as managed
 * entities: flushing a thousand entities one dynamic update at a time cost more than evaluating the samples behind
 * them. Only the columns the recorder owns are always written; what subscribers were told and the suppression, which
 * the group announcer also changes, are written only when this batch changed them (as a dynamic update would).
 */
final class AlertRows {

    private static final String COLUMNS = "fingerprint, rule_id, rule_name, series_key, group_key, state, severity, "
            + "instance_id, queue_id, labels, value, threshold, reason, starts_at, ends_at, changed_at, suppressed_by, "
            + "published_state, announced_at";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM alert WHERE fingerprint = ANY (?)";
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

    private static final JsonColumns.Labels LABELS = new JsonColumns.Labels();
    private static final Comparator<Alert> BY_FINGERPRINT = Comparator.comparing(alert -> alert.fingerprint);

    /** What an alert held when it was read, to tell which of the shared columns this batch changed. */
    private record Loaded(String suppressedBy, AlertEvent.State publishedState, Instant announcedAt) {
    }

    private final Map<String, Loaded> loaded = new HashMap<>();

    /** The stored alerts among {@code fingerprints}, by fingerprint; they are remembered as read. */
    Map<String, Alert> load(Connection connection, Collection<String> fingerprints) throws SQLException {
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

    /** Firing, unsuppressed alerts of the given severities: fingerprint and labels. */
    static Map<String, Map<String, String>> inhibitors(Connection connection, List<Severity> severities)
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

    /** Inserts the alerts that were not read by {@link #load}, and updates the others. */
    void write(Connection connection, Collection<Alert> alerts) throws SQLException {
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
