package io.connectops.notifications.channels;

import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import io.connectops.notifications.senders.ChannelType;

/**
 * A channel as the API shows it: the names of the secrets that are set, never their values, and whether they can be
 * opened at all ({@code secretsUnreadable}: give them again with PUT). Readers other than admins see URL settings
 * reduced to scheme and host, as a webhook path or query can carry a token.
 */
public record ChannelView(UUID id, String name, ChannelType type, boolean enabled, Map<String, String> settings,
        List<String> secretsSet, boolean secretsUnreadable, Instant createdAt, Instant updatedAt) {

    static ChannelView of(Channel channel) {
        return of(channel, true);
    }

    static ChannelView of(Channel channel, boolean admin) {
        Map<String, String> settings = new HashMap<>(channel.settings);
        if (!admin) {
            for (String urlSetting : channel.type.urlSettings()) {
                settings.computeIfPresent(urlSetting, (name, url) -> origin(url));
            }
        }
        return new ChannelView(channel.id, channel.name, channel.type, channel.enabled, Map.copyOf(settings),
                List.copyOf(new TreeSet<>(channel.secrets().keySet())), channel.secretsUnreadable(),
                channel.createdAt, channel.updatedAt);
    }

    static String origin(String url) {
        try {
            URI uri = URI.create(url.trim());
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        } catch (IllegalArgumentException e) {
            return "[hidden]";
        }
    }
}
