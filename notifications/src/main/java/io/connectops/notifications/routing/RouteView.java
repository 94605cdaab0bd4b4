package io.connectops.notifications.routing;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

public record RouteView(UUID id, String name, int position, boolean enabled, List<String> eventTypes,
        List<String> severities, Map<String, String> labels, List<String> queues, List<String> channelIds,
        List<String> channelTypes, @JsonProperty("continue") boolean continueMatching, String repeatInterval,
        RouteDraft.QuietHours quietHours, boolean digest, boolean separateAlertMessages) {

    static RouteView of(Route route) {
        return new RouteView(route.id, route.name, route.position, route.enabled, List.copyOf(route.eventTypes),
                List.copyOf(route.severities), Map.copyOf(route.labels), List.copyOf(route.queues),
                List.copyOf(route.channelIds), List.copyOf(route.channelTypes), route.continueMatching,
                route.repeatInterval, route.quietFrom == null ? null
                        : new RouteDraft.QuietHours(route.quietFrom.toString(), route.quietUntil.toString(),
                                route.quietZone),
                route.digest, route.separateAlertMessages);
    }
}
