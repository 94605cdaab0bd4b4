package io.connectops.notifications.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.connectops.notifications.config.NotificationsConfig;
import io.connectops.notifications.domain.ChannelType;

/**
 * Spaces sends per channel so that receivers never have to refuse them: Slack about one message per second per
 * channel, Teams four requests per second. Each send reserves the next free slot of its channel.
 */
@ApplicationScoped
public class ChannelPacer {

    @Inject
    NotificationsConfig config;

    private final Map<UUID, Instant> nextFree = new ConcurrentHashMap<>();

    /**
     * Reserves the channel's next slot when it starts within {@code longestWait}, and returns its start. A later
     * slot is only reported, not reserved, so that a delivery put back until then does not push others further out.
     */
    public Instant reserve(UUID channelId, ChannelType type, Instant now, Duration longestWait) {
        Duration spacing = spacing(type);
        Instant[] reserved = new Instant[1];
        nextFree.compute(channelId, (id, free) -> {
            Instant slot = free == null || free.isBefore(now) ? now : free;
            reserved[0] = slot;
            return Duration.between(now, slot).compareTo(longestWait) > 0 ? free : slot.plus(spacing);
        });
        return reserved[0];
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
