package io.connectops.notifications.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.hibernate.jpa.HibernateHints;

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

    /**
     * The channels routes name, by id or by type, enabled, in name order: one statement whose two arrays stay two
     * parameters however many channels the routes name.
     */
    private static final String NAMED_CHANNELS = "SELECT * FROM channel WHERE enabled"
            + " AND (id = ANY(CAST(?1 AS uuid[])) OR type = ANY(CAST(?2 AS varchar[]))) ORDER BY name";

    @Inject
    EntityManager entityManager;

    /** Channels and the route that chose each, in route order. */
    public Map<Channel, Route> of(RoutableEvent notice) {
        // Read-only: nothing here changes a route or a channel, so the session keeps no snapshot to dirty-check.
        List<Route> matched = new ArrayList<>();
        for (Route route : Route.<Route>find("enabled", Sort.by("position").and("name"), true)
                .withHint(HibernateHints.HINT_READ_ONLY, true).list()) {
            if (!RouteMatcher.matches(route, notice)) {
                continue;
            }
            matched.add(route);
            if (!route.continueMatching) {
                break;
            }
        }
        if (matched.isEmpty()) {
            // Most events match no route: no channel is loaded (nor its secrets opened).
            return Map.of();
        }
        // Only the channels the matched routes name, not every enabled one.
        Set<String> ids = new LinkedHashSet<>();
        Set<String> types = new LinkedHashSet<>();
        for (Route route : matched) {
            ids.addAll(route.channelIds);
            types.addAll(route.channelTypes);
        }
        List<Channel> channels = named(ids, types);
        Map<Channel, Route> targets = new LinkedHashMap<>();
        for (Route route : matched) {
            Set<String> routeIds = Set.copyOf(route.channelIds);
            for (Channel channel : channels) {
                if (channel.type == ChannelType.SERVICENOW && COMMENTED.equals(notice.eventType())) {
                    continue;
                }
                if (routeIds.contains(channel.id.toString()) || route.channelTypes.contains(channel.type.name())) {
                    targets.putIfAbsent(channel, route);
                }
            }
        }
        return targets;
    }

    @SuppressWarnings("unchecked")
    private List<Channel> named(Set<String> ids, Set<String> types) {
        // Array literals of UUIDs and type names: ids of channels deleted since, or malformed, simply match nothing.
        List<String> validIds = ids.stream().filter(RouteTargets::isUuid).toList();
        List<String> validTypes = types.stream().filter(type -> Arrays.stream(ChannelType.values())
                .anyMatch(known -> known.name().equals(type))).toList();
        return entityManager.createNativeQuery(NAMED_CHANNELS, Channel.class)
                .setParameter(1, "{" + String.join(",", validIds) + "}")
                .setParameter(2, "{" + String.join(",", validTypes) + "}")
                .setHint(HibernateHints.HINT_READ_ONLY, true)
                .getResultList();
    }

    private static boolean isUuid(String text) {
        try {
            return UUID.fromString(text).toString().equalsIgnoreCase(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
