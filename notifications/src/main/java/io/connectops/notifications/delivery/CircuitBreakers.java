package io.connectops.notifications.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.connectops.notifications.config.NotificationsConfig;
import io.connectops.notifications.senders.SendResult;
import io.connectops.notifications.senders.StatusClassifier;

/**
 * One circuit per channel, kept in {@code channel_circuit} so that every replica sees it. After
 * {@code failureThreshold} failed attempts in a row (5xx, timeouts; not 429, which is pacing, and not 4xx, which is
 * configuration) the channel's deliveries wait {@code openFor} without spending their retry budget; then one probe
 * goes (one replica claims it; a probe whose sender died is given up after the claim timeout), and its outcome
 * closes or re-opens the circuit.
 */
@ApplicationScoped
public class CircuitBreakers {

    private static final Logger LOG = Logger.getLogger(CircuitBreakers.class);

    @Inject
    NotificationsConfig config;

    @Inject
    DataSource dataSource;

    public CircuitBreakers() {
    }

    /** Circuits outside CDI, e.g. a second "replica" in a test. */
    public CircuitBreakers(DataSource dataSource, NotificationsConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    /** Null when a send may go now, else when to try again. */
    public Instant blockedUntil(UUID channelId, Instant now) {
        try (Connection connection = dataSource.getConnection()) {
            OffsetDateTime openUntil;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT open_until FROM channel_circuit WHERE channel_id = ?")) {
                select.setObject(1, channelId);
                try (ResultSet row = select.executeQuery()) {
                    openUntil = row.next() ? row.getObject(1, OffsetDateTime.class) : null;
                }
            }
            if (openUntil == null) {
                return null;
            }
            if (now.isBefore(openUntil.toInstant())) {
                return openUntil.toInstant();
            }
            try (PreparedStatement probe = connection.prepareStatement("UPDATE channel_circuit SET probe_until = ?"
                    + " WHERE channel_id = ? AND open_until <= ? AND (probe_until IS NULL OR probe_until < ?)")) {
                probe.setObject(1, at(now.plus(config.worker().claimTimeout())));
                probe.setObject(2, channelId);
                probe.setObject(3, at(now));
                probe.setObject(4, at(now));
                return probe.executeUpdate() == 1 ? null : now.plusSeconds(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the circuit of channel " + channelId + ": " + e.getMessage(), e);
        }
    }

    /** A channel that answered closes its circuit; called in the transaction that records the delivery. */
    public void close(UUID channelId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement close = connection.prepareStatement("DELETE FROM channel_circuit WHERE channel_id = ?")) {
            close.setObject(1, channelId);
            if (close.executeUpdate() > 0) {
                LOG.infof("Channel %s answers again; circuit closed", channelId);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot close the circuit of channel " + channelId + ": " + e.getMessage(), e);
        }
    }

    /** Counts a failed attempt: an outage towards opening the circuit; anything else only ends a probe. */
    public void recordFailure(UUID channelId, SendResult result, Instant now) {
        try (Connection connection = dataSource.getConnection()) {
            if (!StatusClassifier.isOutage(result)) {
                try (PreparedStatement noProbe = connection.prepareStatement(
                        "UPDATE channel_circuit SET probe_until = NULL WHERE channel_id = ?")) {
                    noProbe.setObject(1, channelId);
                    noProbe.executeUpdate();
                }
                return;
            }
            OffsetDateTime openUntil = at(now.plus(config.breaker().openFor()).truncatedTo(ChronoUnit.MICROS));
            int threshold = config.breaker().failureThreshold();
            try (PreparedStatement fail = connection.prepareStatement("INSERT INTO channel_circuit AS c"
                    + " (channel_id, failures, open_until) VALUES (?, 1, CASE WHEN 1 >= ? THEN ? END)"
                    + " ON CONFLICT (channel_id) DO UPDATE SET failures = c.failures + 1,"
                    + " open_until = CASE WHEN c.probe_until IS NOT NULL OR c.failures + 1 >= ? THEN ?"
                    + "     ELSE c.open_until END, probe_until = NULL"
                    + " RETURNING failures, open_until")) {
                fail.setObject(1, channelId);
                fail.setInt(2, threshold);
                fail.setObject(3, openUntil);
                fail.setInt(4, threshold);
                fail.setObject(5, openUntil);
                try (ResultSet row = fail.executeQuery()) {
                    row.next();
                    OffsetDateTime opened = row.getObject(2, OffsetDateTime.class);
                    if (opened != null && openUntil.isEqual(opened)) {
                        LOG.warnf("Channel %s failed %d times in a row; circuit open until %s", channelId,
                                row.getInt(1), openUntil);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record the circuit of channel " + channelId + ": " + e.getMessage(), e);
        }
    }

    /** Channels whose deliveries must not even be claimed now. */
    public Set<UUID> openCircuits(Instant now) {
        Set<UUID> open = new HashSet<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT channel_id FROM channel_circuit"
                        + " WHERE open_until IS NOT NULL AND (open_until > ? OR probe_until > ?)")) {
            select.setObject(1, at(now));
            select.setObject(2, at(now));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    open.add(rows.getObject(1, UUID.class));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read open circuits: " + e.getMessage(), e);
        }
        return open;
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
