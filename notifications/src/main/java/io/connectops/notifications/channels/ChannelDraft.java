package io.connectops.notifications.channels;

import java.util.Map;

import io.connectops.notifications.senders.ChannelType;

/**
 * A channel as an admin writes it. {@code secrets} are write-only: on an update, a secret left out keeps its
 * value and an empty one removes it.
 */
public record ChannelDraft(String name, ChannelType type, Boolean enabled, Map<String, String> settings,
        Map<String, String> secrets) {

    @Override
    public String toString() {
        return "ChannelDraft[" + name + " " + type + "]";
    }
}
