package io.connectops.notifications.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

import javax.sql.DataSource;

/** Deliveries written straight into the queue's table, for tests of the queue's own SQL. */
final class QueueRows {

    private QueueRows() {
    }

    /**
     * A webhook or chat delivery of an incident event, due now, to {@code channel} (which need not exist).
     * {@code claimed}: SENDING and claimed for an hour, else PENDING.
     */
    static void insert(DataSource dataSource, UUID id, String sourceEventId, UUID channel, String channelType,
            boolean claimed, int attempts, int maxAttempts) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO delivery (id, idempotency_key,"
                        + " source_event_id, source_event_type, event_time, thread_key, payload, channel_id,"
                        + " channel_type, status, attempts, max_attempts, next_attempt_at, claimed_until)"
                        + " VALUES (?, ?, ?, 'connectops.incident.opened', now(), 'incident:x', '{}', ?, ?, ?, ?, ?,"
                        + " now(), CASE WHEN ? THEN now() + interval '1 hour' END)")) {
            insert.setObject(1, id);
            insert.setString(2, sourceEventId + "/" + id);
            insert.setString(3, sourceEventId);
            insert.setObject(4, channel);
            insert.setString(5, channelType);
            insert.setString(6, claimed ? "SENDING" : "PENDING");
            insert.setInt(7, attempts);
            insert.setInt(8, maxAttempts);
            insert.setBoolean(9, claimed);
            insert.executeUpdate();
        }
    }

    /** Runs {@code sql}, a statement whose one parameter is a channel id (a channel's pace or circuit row). */
    static void forChannel(DataSource dataSource, String sql, UUID channel) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, channel);
            statement.executeUpdate();
        }
    }
}
