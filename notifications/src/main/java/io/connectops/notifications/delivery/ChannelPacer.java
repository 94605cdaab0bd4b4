package io.connectops.notifications.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.connectops.notifications.config.NotificationsConfig;
import io.connectops.notifications.senders.ChannelType;

/**
 * Spaces sends per channel so that receivers never have to refuse them: Slack about one message per second per
 * channel, Teams four requests per second. Each send reserves the next free slot of its channel in
 * {@code channel_pace}, with one atomic statement, so replicas share the pace instead of each sending at full rate.
 */
@ApplicationScoped
public class ChannelPacer {

    /**
     * Reserves when the channel's next free slot is within the limit; always says which slot that is. Every
     * expression reads the row as it was, so reserved, last_slot and next_free agree. Parameters: channel, now,
     * spacing (microseconds), now, then limit, limit, now, limit, now, spacing.
     */
    private static final String RESERVE = "INSERT INTO channel_pace AS p (channel_id, next_free, last_slot, reserved)"
            + " VALUES (?, ? + ? * INTERVAL '1 microsecond', ?, TRUE)"
            + " ON CONFLICT (channel_id) DO UPDATE SET"
            + " reserved = p.next_free <= ?,"
            + " last_slot = CASE WHEN p.next_free <= ? THEN GREATEST(p.next_free, ?) ELSE p.last_slot END,"
            + " next_free = CASE WHEN p.next_free <= ? THEN GREATEST(p.next_free, ?) + ? * INTERVAL '1 microsecond'"
            + "     ELSE p.next_free END"
            + " RETURNING reserved, last_slot, next_free";

    @Inject
    NotificationsConfig config;

    @Inject
    DataSource dataSource;

    public ChannelPacer() {
    }

    /** A pacer outside CDI, e.g. a second "replica" in a test. */
    public ChannelPacer(DataSource dataSource, NotificationsConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    /**
     * Reserves the channel's next slot when it starts within {@code longestWait}, and returns its start. A later
     * slot is only reported, not reserved, so that a delivery put back until then does not push others further out.
     */
    public Instant reserve(UUID channelId, ChannelType type, Instant now, Duration longestWait) {
        long spacingMicros = spacing(type).toNanos() / 1000;
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        OffsetDateTime limit = OffsetDateTime.ofInstant(now.plus(longestWait), ZoneOffset.UTC);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(RESERVE)) {
            int i = 1;
            statement.setObject(i++, channelId);
            statement.setObject(i++, at);
            statement.setLong(i++, spacingMicros);
            statement.setObject(i++, at);
            statement.setObject(i++, limit);
            statement.setObject(i++, limit);
            statement.setObject(i++, at);
            statement.setObject(i++, limit);
            statement.setObject(i++, at);
            statement.setLong(i++, spacingMicros);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                boolean reserved = row.getBoolean(1);
                return (reserved ? row.getObject(2, OffsetDateTime.class) : row.getObject(3, OffsetDateTime.class))
                        .toInstant();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reserve a sending slot: " + e.getMessage(), e);
        }
    }

    /** How many sends a channel of this type may start within {@code wait} at its pace: at least one. */
    int sendsWithin(ChannelType type, Duration wait) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, wait.toNanos() / spacing(type).toNanos()));
    }

    Duration spacing(ChannelType type) {
        double perSecond;
        switch (type) {
            case SLACK:
                perSecond = config.pacing().slackPerSecond();
                break;
            case TEAMS:
                perSecond = config.pacing().teamsPerSecond();
                break;
            case SERVICENOW:
                perSecond = config.pacing().serviceNowPerSecond();
                break;
            case EMAIL:
                perSecond = config.pacing().emailPerSecond();
                break;
            default:
                perSecond = config.pacing().webhookPerSecond();
        }
        return Duration.ofNanos((long) (1_000_000_000L / perSecond));
    }
}
