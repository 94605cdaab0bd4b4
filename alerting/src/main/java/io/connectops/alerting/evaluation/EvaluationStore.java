package io.connectops.alerting.evaluation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.connectops.alerting.alerts.Transition;
import io.connectops.contracts.Topics;

/**
 * Checkpoints of the evaluator: the state of every series of a partition and the next offset to read, written in one
 * transaction so that a restart or a new owner of the partition resumes from a consistent point.
 */
@ApplicationScoped
public class EvaluationStore {

    private static final String SELECT_OFFSET =
            "SELECT next_offset FROM partition_checkpoint WHERE topic = ? AND kafka_partition = ?";
    private static final String INSERT_OFFSET = "INSERT INTO partition_checkpoint (topic, kafka_partition, next_offset) "
            + "VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
    private static final String ADVANCE_OFFSET = "UPDATE partition_checkpoint SET next_offset = ?, updated_at = now() "
            + "WHERE topic = ? AND kafka_partition = ? AND next_offset = ?";
    private static final String SELECT_SERIES = "SELECT state FROM series_latest WHERE kafka_partition = ? AND state IS NOT NULL";
    private static final String UPSERT_SERIES = "INSERT INTO series_latest (series_key, kafka_partition, instance_id, "
            + "queue_id, channel, agent_id, metric, value, unit, sample_time, samples_applied, updated_at, state) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now(), ?) ON CONFLICT (series_key) DO UPDATE SET "
            + "kafka_partition = excluded.kafka_partition, value = excluded.value, unit = excluded.unit, "
            + "sample_time = excluded.sample_time, samples_applied = excluded.samples_applied, updated_at = now(), "
            + "state = excluded.state";

    private static final String FORGET_SERIES = "UPDATE series_latest SET state = NULL WHERE series_key = ANY (?)";
    private static final String DELETE_SERIES = "DELETE FROM series_latest WHERE series_key = ANY (?)";
    private static final String FORGET_ONE = "UPDATE series_latest SET state = NULL WHERE series_key = ?";
    private static final String SAVEPOINT = "SAVEPOINT series_isolation";
    private static final String RELEASE = "RELEASE SAVEPOINT series_isolation";
    private static final String ROLLBACK_TO = "ROLLBACK TO SAVEPOINT series_isolation";

    /** Only fields, never getters: the checkpoint is the state, not a view of it. */
    private static final ObjectMapper STATE_MAPPER = new ObjectMapper()
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.PUBLIC_ONLY)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Another instance checkpointed this partition after we loaded it: our view of it is stale. */
    public static class PartitionFencedException extends RuntimeException {
        private final int partition;

        public PartitionFencedException(int partition) {
            super("Partition " + partition + " was checkpointed by another instance");
            this.partition = partition;
        }

        public int partition() {
            return partition;
        }
    }

    /** A partition as last checkpointed; {@code nextOffset} is null when it never was. */
    public record PartitionCheckpoint(Long nextOffset, Map<String, SeriesState> series) {
    }

    /** A series the database refused to store, and why (SQLState and the first line of its message, never values). */
    public record Refused(SeriesState series, String reason) {
    }

    /** A transition the database refused to record, and why (SQLState and the first line of its message). */
    public record RefusedTransition(Transition transition, String reason) {
    }

    @Inject
    AgroalDataSource dataSource;

    /**
     * Whether a failure is the data's fault and will happen again with the same rows: SQLState class 22 (data
     * exception: too long, NUL, out of range) or 23 (integrity constraint), or a state that cannot be written as JSON.
     * A lost connection (08), an operator intervention or shutdown (57), lack of resources (53), a serialization
     * failure or deadlock (40) or a pool timeout (no SQLState) is transient, and wins when both are in the chain.
     */
    public static boolean isDataError(Throwable failure) {
        boolean data = false;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException) {
                data = true;
            }
            if (cause instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    String state = next.getSQLState();
                    if (state == null) {
                        continue;
                    }
                    if (state.startsWith("08") || state.startsWith("57") || state.startsWith("53")
                            || state.startsWith("40")) {
                        return false;
                    }
                    if (state.startsWith("22") || state.startsWith("23")) {
                        data = true;
                    }
                }
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return data;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public PartitionCheckpoint load(int partition) {
        try (Connection connection = dataSource.getConnection()) {
            Long offset = null;
            try (PreparedStatement select = connection.prepareStatement(SELECT_OFFSET)) {
                select.setString(1, Topics.METRICS);
                select.setInt(2, partition);
                try (ResultSet row = select.executeQuery()) {
                    if (row.next()) {
                        offset = row.getLong(1);
                    }
                }
            }
            Map<String, SeriesState> series = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement(SELECT_SERIES)) {
                select.setInt(1, partition);
                select.setFetchSize(1000);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        SeriesState state = STATE_MAPPER.readValue(rows.getString(1), SeriesState.class);
                        state.unpackWindow();
                        series.put(state.seriesKey, state);
                    }
                }
            }
            return new PartitionCheckpoint(offset, series);
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("Cannot load the checkpoint of partition " + partition, e);
        }
    }

    /**
     * Moves a partition's checkpoint from {@code expected} to {@code next}.
     *
     * @throws PartitionFencedException when the stored offset is no longer {@code expected}
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void advance(int partition, Long expected, long next) {
        try (Connection connection = dataSource.getConnection()) {
            int updated;
            if (expected == null) {
                try (PreparedStatement insert = connection.prepareStatement(INSERT_OFFSET)) {
                    insert.setString(1, Topics.METRICS);
                    insert.setInt(2, partition);
                    insert.setLong(3, next);
                    updated = insert.executeUpdate();
                }
            } else {
                try (PreparedStatement update = connection.prepareStatement(ADVANCE_OFFSET)) {
                    update.setLong(1, next);
                    update.setString(2, Topics.METRICS);
                    update.setInt(3, partition);
                    update.setLong(4, expected);
                    updated = update.executeUpdate();
                }
            }
            if (updated != 1) {
                throw new PartitionFencedException(partition);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot checkpoint partition " + partition, e);
        }
    }

    /** Drops evicted series from the checkpoint; their latest sample stays readable on the series API. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void forget(Collection<String> seriesKeys) {
        bySeriesKeys(FORGET_SERIES, seriesKeys, "forget");
    }

    /**
     * Drops series that no rule reads any more, row and all: the series API lists the series being evaluated, and a
     * series no rule reads must not pile up in the table.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void delete(Collection<String> seriesKeys) {
        bySeriesKeys(DELETE_SERIES, seriesKeys, "delete");
    }

    private void bySeriesKeys(String sql, Collection<String> seriesKeys, String verb) {
        if (seriesKeys.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("varchar", seriesKeys.toArray()));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot " + verb + " " + seriesKeys.size() + " series", e);
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void save(int partition, Collection<SeriesState> series) {
        if (series.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement(UPSERT_SERIES)) {
            for (SeriesState state : series) {
                bind(upsert, partition, state, stateJson(state));
                upsert.addBatch();
            }
            upsert.executeBatch();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("Cannot save the series of partition " + partition, e);
        }
    }

    /**
     * Saves the series that the database accepts and returns the others, after a checkpoint failed on a data error:
     * one row (too long, a NUL, a constraint) must not hold every partition's checkpoint hostage. The batch is
     * bisected under a savepoint, so finding k bad rows among n costs about k·log2(n) statements, and the good rows
     * are written once. A refused series that was stored before loses its stored state, so that a restart does not
     * bring back what the evaluator dropped. A failure that is not a data error is thrown, as {@link #save} does.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Refused> saveIsolating(int partition, Collection<SeriesState> series) {
        List<Refused> refused = new ArrayList<>();
        if (series.isEmpty()) {
            return refused;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement(UPSERT_SERIES);
                Statement savepoints = connection.createStatement()) {
            List<Row> rows = new ArrayList<>(series.size());
            for (SeriesState state : series) {
                try {
                    rows.add(new Row(state, stateJson(state)));
                } catch (JsonProcessingException e) {
                    refused.add(new Refused(state, "state cannot be written as JSON: " + e.getOriginalMessage()));
                }
            }
            bisect(upsert, savepoints, partition, rows, refused);
            if (!refused.isEmpty()) {
                try (PreparedStatement forget = connection.prepareStatement(FORGET_ONE)) {
                    for (Refused row : refused) {
                        forgetIfPossible(forget, savepoints, row.series().seriesKey);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot save the series of partition " + partition, e);
        }
        return refused;
    }

    private record Row(SeriesState state, String json) {
    }

    /**
     * Records the transitions the database accepts with {@code recorder} and returns the others, after a checkpoint
     * failed on a data error that no series explains (an alert whose group key is longer than its column): the
     * transitions are recorded under a savepoint and bisected on a data error, so one alert that cannot be stored
     * never holds the others, or the checkpoint, back. A failure that is not a data error is thrown.
     */
    public List<RefusedTransition> recordIsolating(List<Transition> transitions, Consumer<List<Transition>> recorder) {
        List<RefusedTransition> refused = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement savepoints = connection.createStatement()) {
            bisect(transitions, recorder, savepoints, refused);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record transitions one part at a time", e);
        }
        return refused;
    }

    private static void bisect(List<Transition> transitions, Consumer<List<Transition>> recorder, Statement savepoints,
            List<RefusedTransition> refused) throws SQLException {
        if (transitions.isEmpty()) {
            return;
        }
        savepoints.execute(SAVEPOINT);
        try {
            recorder.accept(transitions);
            savepoints.execute(RELEASE);
            return;
        } catch (RuntimeException e) {
            if (!isDataError(e)) {
                throw e;
            }
            savepoints.execute(ROLLBACK_TO);
            savepoints.execute(RELEASE);
            if (transitions.size() == 1) {
                refused.add(new RefusedTransition(transitions.get(0), reasonOf(e)));
                return;
            }
        }
        int half = transitions.size() / 2;
        bisect(transitions.subList(0, half), recorder, savepoints, refused);
        bisect(transitions.subList(half, transitions.size()), recorder, savepoints, refused);
    }

    private static String reasonOf(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return reason(sql);
            }
        }
        return "refused by the database";
    }

    private static void bisect(PreparedStatement upsert, Statement savepoints, int partition, List<Row> rows,
            List<Refused> refused) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        savepoints.execute(SAVEPOINT);
        try {
            for (Row row : rows) {
                bind(upsert, partition, row.state(), row.json());
                upsert.addBatch();
            }
            upsert.executeBatch();
            savepoints.execute(RELEASE);
            return;
        } catch (SQLException e) {
            upsert.clearBatch();
            if (!isDataError(e)) {
                throw e;
            }
            savepoints.execute(ROLLBACK_TO);
            savepoints.execute(RELEASE);
            if (rows.size() == 1) {
                refused.add(new Refused(rows.get(0).state(), reason(e)));
                return;
            }
        }
        int half = rows.size() / 2;
        bisect(upsert, savepoints, partition, rows.subList(0, half), refused);
        bisect(upsert, savepoints, partition, rows.subList(half, rows.size()), refused);
    }

    /** A key that cannot be stored cannot be looked up either (a NUL): then there is nothing stored to forget. */
    private static void forgetIfPossible(PreparedStatement forget, Statement savepoints, String seriesKey)
            throws SQLException {
        savepoints.execute(SAVEPOINT);
        try {
            forget.setString(1, seriesKey);
            forget.executeUpdate();
            savepoints.execute(RELEASE);
        } catch (SQLException e) {
            if (!isDataError(e)) {
                throw e;
            }
            savepoints.execute(ROLLBACK_TO);
            savepoints.execute(RELEASE);
        }
    }

    /**
     * The SQLState and first line of the server's message: "value too long for type character varying(1000)". Not
     * the batch entry's text nor the detail line, which carry the row's values.
     */
    static String reason(SQLException failure) {
        SQLException specific = failure;
        for (SQLException next = failure; next != null; next = next.getNextException()) {
            String state = next.getSQLState();
            if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                specific = next;
            }
        }
        String message = String.valueOf(specific.getMessage());
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        if (message.startsWith("Batch entry")) {
            message = "refused by the database";
        }
        return "SQLState " + specific.getSQLState() + ": " + message.strip();
    }

    private static String stateJson(SeriesState state) throws JsonProcessingException {
        state.packWindow();
        try {
            return STATE_MAPPER.writeValueAsString(state);
        } finally {
            state.packedWindow = null;
        }
    }

    private static void bind(PreparedStatement upsert, int partition, SeriesState state, String json)
            throws SQLException {
        upsert.setString(1, state.seriesKey);
        upsert.setInt(2, partition);
        upsert.setString(3, state.instanceId);
        upsert.setString(4, state.queueId);
        upsert.setString(5, state.channel);
        upsert.setString(6, state.agentId);
        upsert.setString(7, state.metric);
        if (state.value == null) {
            upsert.setNull(8, Types.DOUBLE);
        } else {
            upsert.setDouble(8, state.value);
        }
        upsert.setString(9, state.unit);
        upsert.setTimestamp(10, Timestamp.from(Instant.ofEpochMilli(state.sampleTime)));
        upsert.setLong(11, state.samplesApplied);
        upsert.setString(12, json);
    }
}
