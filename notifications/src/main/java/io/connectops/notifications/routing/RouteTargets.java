package io.connectops.notifications.routing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.connectops.contracts.IncidentEvent;
import io.connectops.notifications.channels.Channel;
import io.connectops.notifications.senders.ChannelType;
import io.quarkus.panache.common.Sort;

/**
 * Which channels an event reaches: the enabled routes in order, each adding its channels (by id or type), until one
 * that does not say {@code continue}. Delivery planning and the route test ask the same question here. A comment
 * made outside Connect Ops ({@code COMMENTED}) never reaches a ServiceNow channel: it may have come from that
 * record, and a comment written back would come back again through ServiceNow's callback.
 */
@ApplicationScoped
public class RouteTargets {

    private static final String COMMENTED = IncidentEvent.typeOf(IncidentEvent.Change.COMMENTED);

    /** Channels and the route that chose each, in route order. */
    public Map<Channel, Route> of(RoutableEvent notice) {
        // Channels are loaded (and their secrets opened) only once a route matched: most events match none.
        List<Channel> channels = null;
        Map<Channel, Route> targets = new LinkedHashMap<>();
        for (Route route : Route.<Route>list("enabled", Sort.by("position").and("name"), true)) {
            if (!RouteMatcher.matches(route, notice)) {
                continue;
            }
            if (channels == null) {
                channels = Channel.list("enabled", Sort.by("name"), true);
            }
            for (Channel channel : channels) {
                if (channel.type == ChannelType.SERVICENOW && COMMENTED.equals(notice.eventType())) {
                    continue;
                }
                if (route.channelIds.contains(channel.id.toString()) || route.channelTypes.contains(channel.type.name())) {
                    targets.putIfAbsent(channel, route);
                }
            }
            if (!route.continueMatching) {
                break;
            }
        }
        return targets;
    }
}
