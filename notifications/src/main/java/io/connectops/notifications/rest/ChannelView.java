package io.connectops.notifications.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import io.connectops.notifications.domain.Channel;
import io.connectops.notifications.domain.ChannelType;

/** A channel as the API shows it: the names of the secrets that are set, never their values. */
public record ChannelView(UUID id, String name, ChannelType type, boolean enabled, Map<String, String> settings,
        List<String> secretsSet, Instant createdAt, Instant updatedAt) {

    static ChannelView of(Channel channel) {
        return new ChannelView(channel.id, channel.name, channel.type, channel.enabled, Map.copyOf(channel.settings),
                List.copyOf(new TreeSet<>(channel.secrets.keySet())), channel.createdAt, channel.updatedAt);
    }
}
