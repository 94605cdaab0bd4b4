package io.connectops.notifications.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.connectops.notifications.senders.ChannelType;

/**
 * The SQL of the delivery queue's hot path, in plain JDBC: claiming, noting an attempt, putting a delivery back and
 * settling its outcome with its attempt row. Every send passes here two or three times; through Hibernate these
 * writes (an entity loaded, dirty-checked and flushed, an identity insert on its own) took about half of a sender's
 * time. Inside a transaction the connection is the transaction's, as Hibernate's is.
 */
@ApplicationScoped
public class DeliveryStore {

    /** What settling reads of a delivery, and what its outcome event and metrics need. */
    public record Row(UUID id, String sourceEventId, String sourceEventType, String incidentId, UUID channelId,
            ChannelType channelType, int attempts, int maxAttempts, Instant sendStartedAt, Instant eventTime,
            String externalRef) {

        static Row of(Delivery delivery) {
            return new Row(delivery.id, delivery.sourceEventId, delivery.sourceEventType, delivery.incidentId,
                    delivery.channelId, delivery.channelType, delivery.attempts, delivery.maxAttempts,
                    delivery.sendStartedAt, delivery.eventTime, delivery.externalRef);
        }
    }

    /**
     * A delivery's new state. {@code attempted}: an attempt is counted and its row written; {@code clearSendStarted}:
     * the receiver answered, so the note of a send in doubt goes; {@code nextAttemptAt}, {@code deliveredAt},
     * {@code externalRef} and {@code lastError} are written when {@code status} calls for them.
     */
    public record Outcome(DeliveryStatus status, boolean attempted, boolean clearSendStarted, Instant nextAttemptAt,
            Instant deliveredAt, String externalRef, String lastError, Instant now, Attempt attempt) {
    }

    /** The attempt row: what the receiver answered, and how long it took. */
    public record Attempt(Instant startedAt, long durationMs, DeliveryAttempt.Outcome outcome, Integer httpStatus,
            String detail) {
    }

    private static final String COLUMNS = "id, source_event_id, source_event_type, incident_id, channel_id,"
            + " channel_type, attempts, max_attempts, send_started_at, event_time, external_ref";

    /**
     * The due heads of the conversations (the oldest unsent delivery of each channel and thread key), oldest first,
     * found by one pass over the unsent rows in thread order rather than by asking of each unsent row whether an older
     * one is still unsent: planned on statistics from before a burst (a few unsent rows; autoanalyze comes up to a
     * minute later), that question became a nested loop over the burst for each of its rows, 4 million row comparisons
     * for 2,000 deliveries, and every claim took a second (16 deliveries a second for 35 s of a benchmark's fan-out,
     * then 300 once analysed). Nothing here joins the burst with itself, so no plan can make it quadratic.
     * <p>
     * Of each channel, only as many heads as its pace lets it send within the senders' wait (parameters 2 to 6, by
     * channel type): a Slack channel with a backlog in many conversations (an incident storm, the local demo's day)
     * gave every claim dozens of heads of the one channel, all but one put back for want of a slot, the claim's places
     * spent and their statements run again a second later: 30 put-backs a second, for as long as the backlog lasted.
     */
    static final String DUE_HEADS = "SELECT h.id FROM (SELECT h.id, h.next_attempt_at, h.seq, h.channel_type,"
            + "     row_number() OVER (PARTITION BY h.channel_id ORDER BY h.next_attempt_at, h.seq) AS place"
            + "   FROM (SELECT DISTINCT ON (channel_id, thread_key) id, channel_id, channel_type, seq, status,"
            + "       next_attempt_at, claimed_until FROM delivery"
            + "       WHERE status IN ('PENDING', 'RETRYING', 'SENDING') ORDER BY channel_id, thread_key, seq) h"
            + "   WHERE ((h.status IN ('PENDING', 'RETRYING') AND h.next_attempt_at <= now())"
            + "       OR (h.status = 'SENDING' AND h.claimed_until < now()))"
            + "   AND NOT EXISTS (SELECT 1 FROM channel_circuit c WHERE c.channel_id = h.channel_id"
            + "       AND c.open_until IS NOT NULL AND (c.open_until > now() OR c.probe_until > now()))"
            + "   AND NOT EXISTS (SELECT 1 FROM channel_pace p WHERE p.channel_id = h.channel_id AND p.next_free > ?)) h"
            + " WHERE h.place <= CASE h.channel_type WHEN 'SLACK' THEN ? WHEN 'TEAMS' THEN ? WHEN 'SERVICENOW' THEN ?"
            + "     WHEN 'EMAIL' THEN ? ELSE ? END"
            + " ORDER BY h.next_attempt_at, h.seq LIMIT ?";

    /** The types whose pace DUE_HEADS binds, in its order; any other type takes the webhook's. */
    private static final ChannelType[] PACED_IN_ORDER = {ChannelType.SLACK, ChannelType.TEAMS, ChannelType.SERVICENOW,
        ChannelType.EMAIL, ChannelType.WEBHOOK};

    /**
     * Binds DUE_HEADS: channels with a free slot before {@code pacedUntil}, each with at most as many heads as its
     * pace sends by then, {@code limit} heads in all.
     */
    static void bindDueHeads(PreparedStatement select, Instant now, Instant pacedUntil, ChannelPacer pacer, int limit)
            throws SQLException {
        Duration wait = Duration.between(now, pacedUntil);
        int i = 1;
        select.setObject(i++, utc(pacedUntil));
        for (ChannelType type : PACED_IN_ORDER) {
            select.setInt(i++, pacer.sendsWithin(type, wait));
        }
        select.setInt(i, limit);
    }

    /**
     * Locks those of the heads found that are still due, skipping the ones another instance holds. The due conditions
     * are asked again of the locked row: PostgreSQL re-checks them on the row as it is now, so one that another
     * instance claimed or settled since the heads were read is left out.
     */
    static final String LOCK_DUE = "SELECT id FROM delivery WHERE id = ANY (?)"
            + " AND ((status IN ('PENDING', 'RETRYING') AND next_attempt_at <= now())"
            + "     OR (status = 'SENDING' AND claimed_until < now()))"
            + " ORDER BY next_attempt_at, seq LIMIT ? FOR UPDATE SKIP LOCKED";

    /**
     * Heads read for each place to fill: enough that those another instance is locking at the same moment (it takes
     * as many as it has free senders) leave this one a full claim.
     */
    static final int HEADS_PER_PLACE = 3;

    private static final String CLAIM = "UPDATE delivery SET status = 'SENDING', claimed_until = ?, updated_at = now()"
            + " WHERE id = ANY(?)";

    private static final String LOCK_SENDING = "SELECT " + COLUMNS + " FROM delivery WHERE id = ? AND status = 'SENDING'"
            + " FOR UPDATE";

    /**
     * One statement settles a delivery and writes its attempt (numbered by the row's own count), and returns the row
     * as settled. Guarded by status and the attempts read, so that an outcome lands once, on the claim it belongs to.
     */
    private static final String SETTLE = "WITH d AS (UPDATE delivery SET status = ?, attempts = attempts + ?,"
            + " send_started_at = CASE WHEN ? THEN NULL ELSE send_started_at END, claimed_until = NULL,"
            + " updated_at = ?::timestamptz, delivered_at = CASE WHEN ? THEN ?::timestamptz ELSE delivered_at END,"
            + " external_ref = CASE WHEN ? THEN ? ELSE external_ref END,"
            + " last_error = CASE WHEN ? THEN ? ELSE last_error END,"
            + " next_attempt_at = COALESCE(?::timestamptz, next_attempt_at)"
            + " WHERE id = ? AND status = 'SENDING' AND (?::int IS NULL OR attempts = ?::int) RETURNING " + COLUMNS + "),"
            + " a AS (INSERT INTO delivery_attempt (delivery_id, attempt, started_at, duration_ms, outcome, http_status,"
            + " detail) SELECT id, attempts, ?::timestamptz, ?::bigint, ?::varchar, ?::int, ?::text FROM d WHERE ?)"
            + " SELECT " + COLUMNS + " FROM d";

    private static final String START_ATTEMPT = "UPDATE delivery SET send_started_at = COALESCE(send_started_at, now()),"
            + " updated_at = now() WHERE id = ? AND status = 'SENDING'";

    private static final String POSTPONE = "UPDATE delivery SET status = CASE WHEN attempts = 0 THEN 'PENDING'"
            + " ELSE 'RETRYING' END, next_attempt_at = ?, claimed_until = NULL, updated_at = now()"
            + " WHERE id = ? AND status = 'SENDING'";

    @Inject
    DataSource dataSource;

    @Inject
    ChannelPacer pacer;

    /**
     * Locks up to {@code max} due deliveries for this transaction, skipping those another instance holds: only the
     * oldest unsent one of each conversation on each channel, none of a channel whose circuit is open, and none of a
     * channel whose next sending slot is after {@code pacedUntil}. Without that last rule a channel with a backlog
     * (an incident storm on one Slack channel, paced at a message a second) had all its due deliveries claimed, found
     * no slot and put back, every second: a thousand waiting messages cost thousands of statements a second and
     * crowded the other channels' deliveries out of the claims. Plain JDBC as the rest of the hot path, and because a
     * Hibernate native query with a basic result class (UUID) left a new plan in Hibernate's cache at each call, all
     * under one hash: looking them up took a third of the service's CPU.
     */
    public List<UUID> claimable(int max, Instant pacedUntil) {
        try (Connection connection = dataSource.getConnection()) {
            List<UUID> heads;
            try (PreparedStatement select = connection.prepareStatement(DUE_HEADS)) {
                bindDueHeads(select, Instant.now(), pacedUntil, pacer, HEADS_PER_PLACE * max);
                heads = firstColumn(select, new ArrayList<>());
            }
            if (heads.isEmpty()) {
                return heads;
            }
            try (PreparedStatement lock = connection.prepareStatement(LOCK_DUE)) {
                lock.setArray(1, connection.createArrayOf("uuid", heads.toArray()));
                lock.setInt(2, max);
                return firstColumn(lock, new ArrayList<>(Math.min(max, heads.size())));
            }
        } catch (SQLException e) {
            throw failure("find due deliveries", e);
        }
    }

    /** Marks the claimed deliveries as sending until {@code claimedUntil}: one statement, one array bind. */
    public void markClaimed(List<UUID> ids, Instant claimedUntil) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement claim = connection.prepareStatement(CLAIM)) {
            claim.setObject(1, utc(claimedUntil));
            claim.setArray(2, connection.createArrayOf("uuid", ids.toArray()));
            claim.executeUpdate();
        } catch (SQLException e) {
            throw failure("claim deliveries", e);
        }
    }

    /** Which of {@code channelIds} have a circuit row (open, half-open or counting failures). */
    public Set<UUID> withCircuit(List<UUID> channelIds) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT channel_id FROM channel_circuit WHERE channel_id = ANY(?)")) {
            select.setArray(1, connection.createArrayOf("uuid", channelIds.toArray()));
            return firstColumn(select, new HashSet<>());
        } catch (SQLException e) {
            throw failure("read circuits", e);
        }
    }

    /** The statement's first column, a UUID, added to {@code into}. */
    private static <C extends Collection<UUID>> C firstColumn(PreparedStatement statement, C into)
            throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                into.add(rows.getObject(1, UUID.class));
            }
        }
        return into;
    }

    /** The delivery, locked, while it is still being sent; null when it is not (settled, put back, claim lost). */
    public Row lockSending(UUID deliveryId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(LOCK_SENDING)) {
            select.setObject(1, deliveryId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row(row) : null;
            }
        } catch (SQLException e) {
            throw failure("read delivery " + deliveryId, e);
        }
    }

    /**
     * Writes the outcome of a delivery still being sent, with its attempt row when {@code outcome.attempted()};
     * {@code expectedAttempts}, when given, must still be the row's count. The row as settled, or null when the
     * delivery was no longer being sent.
     */
    public Row settle(UUID deliveryId, Integer expectedAttempts, Outcome outcome) {
        boolean delivered = outcome.status() == DeliveryStatus.DELIVERED;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement settle = connection.prepareStatement(SETTLE)) {
            int i = 1;
            settle.setString(i++, outcome.status().name());
            settle.setInt(i++, outcome.attempted() ? 1 : 0);
            settle.setBoolean(i++, outcome.clearSendStarted());
            settle.setObject(i++, utc(outcome.now()));
            settle.setBoolean(i++, delivered);
            settle.setObject(i++, utc(outcome.deliveredAt()), Types.TIMESTAMP_WITH_TIMEZONE);
            settle.setBoolean(i++, delivered);
            settle.setString(i++, outcome.externalRef());
            settle.setBoolean(i++, !delivered);
            settle.setString(i++, outcome.lastError());
            settle.setObject(i++, utc(outcome.nextAttemptAt()), Types.TIMESTAMP_WITH_TIMEZONE);
            settle.setObject(i++, deliveryId);
            settle.setObject(i++, expectedAttempts, Types.INTEGER);
            settle.setObject(i++, expectedAttempts, Types.INTEGER);
            Attempt attempt = outcome.attempt();
            settle.setObject(i++, attempt == null ? null : utc(attempt.startedAt()), Types.TIMESTAMP_WITH_TIMEZONE);
            settle.setLong(i++, attempt == null ? 0 : attempt.durationMs());
            settle.setString(i++, attempt == null ? null : attempt.outcome().name());
            settle.setObject(i++, attempt == null ? null : attempt.httpStatus(), Types.INTEGER);
            settle.setString(i++, attempt == null ? null : attempt.detail());
            settle.setBoolean(i++, outcome.attempted() && attempt != null);
            try (ResultSet row = settle.executeQuery()) {
                return row.next() ? row(row) : null;
            }
        } catch (SQLException e) {
            throw failure("settle delivery " + deliveryId, e);
        }
    }

    /**
     * Notes that an attempt is under way, committed at once (outside any transaction): a sender that dies before
     * recording the answer leaves the trace. False when the delivery is no longer being sent.
     */
    public boolean startAttempt(UUID deliveryId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement start = connection.prepareStatement(START_ATTEMPT)) {
            start.setObject(1, deliveryId);
            return start.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("note the attempt of delivery " + deliveryId, e);
        }
    }

    /** Puts a delivery being sent back into the queue until {@code until}, without spending an attempt. */
    public void postpone(UUID deliveryId, Instant until) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement postpone = connection.prepareStatement(POSTPONE)) {
            postpone.setObject(1, utc(until));
            postpone.setObject(2, deliveryId);
            postpone.executeUpdate();
        } catch (SQLException e) {
            throw failure("put delivery " + deliveryId + " back", e);
        }
    }

    private static Row row(ResultSet row) throws SQLException {
        return new Row(row.getObject(1, UUID.class), row.getString(2), row.getString(3), row.getString(4),
                row.getObject(5, UUID.class), ChannelType.valueOf(row.getString(6)), row.getInt(7), row.getInt(8),
                instant(row.getObject(9, OffsetDateTime.class)), instant(row.getObject(10, OffsetDateTime.class)),
                row.getString(11));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("Cannot " + what + ": " + e.getMessage(), e);
    }
}
