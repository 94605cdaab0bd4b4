package io.connectops.notifications.routing;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The channels an imagined event would reach, each with the route that chose it, in route order. */
public record RouteTestView(List<Target> targets) {

    /**
     * @param notBefore when it would be sent: later than now inside a route's quiet hours
     * @param digest collected for the channel's digest instead of sent at once
     */
    public record Target(UUID channelId, String channelName, String channelType, UUID routeId, String routeName,
            boolean digest, Instant notBefore) {
    }
}
