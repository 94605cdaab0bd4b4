package io.connectops.notifications.routing;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.connectops.contracts.Severity;
import io.connectops.notifications.channels.Channel;
import io.connectops.notifications.senders.ChannelType;
import io.connectops.platform.problem.Problem;
import io.connectops.platform.problem.ProblemException;
import io.connectops.platform.rest.Page;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class RouteService {

    @Inject
    RouteTargets routeTargets;

    @Transactional
    public Route create(RouteDraft draft) {
        Route route = new Route();
        route.id = UUID.randomUUID();
        route.createdAt = Instant.now();
        apply(route, draft);
        route.persist();
        return route;
    }

    @Transactional
    public Route update(UUID id, RouteDraft draft) {
        Route route = get(id);
        apply(route, draft);
        return route;
    }

    @Transactional
    public void delete(UUID id) {
        get(id).delete();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Route get(UUID id) {
        Route route = Route.findById(id);
        if (route == null) {
            throw ProblemException.notFound("Route", id);
        }
        return route;
    }

    /** The channels an event like {@code draft} would reach now: the planner's own choice, stored nowhere. */
    @Transactional
    public RouteTestView test(RouteTestDraft draft) {
        Instant now = Instant.now();
        RoutableEvent imagined = new RoutableEvent("route-test", draft.eventType(), now, draft.severity(),
                draft.labels() == null ? Map.of() : draft.labels(), draft.queues() == null ? List.of() : draft.queues(),
                null, null, null, null);
        List<RouteTestView.Target> targets = new ArrayList<>();
        routeTargets.of(imagined).forEach((channel, route) -> targets.add(new RouteTestView.Target(channel.id,
                channel.name, channel.type.name(), route.id, route.name, route.digest,
                RouteMatcher.notBefore(route, draft.severity(), now))));
        return new RouteTestView(targets);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<Route> find(int page, int size) {
        var found = Route.<Route>findAll(Sort.by("position").and("name"));
        return new Page<>(found.page(page, size).list(), page, size, found.count());
    }

    private void apply(Route route, RouteDraft draft) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (draft.name() == null || draft.name().isBlank()) {
            errors.add(new Problem.FieldError("name", "must not be blank"));
        } else if (Route.count("name = ?1 and id <> ?2", draft.name().trim(), route.id) > 0) {
            throw ProblemException.conflict("A route named " + draft.name() + " exists already");
        }
        List<String> severities = orEmpty(draft.severities());
        for (String severity : severities) {
            try {
                Severity.valueOf(severity);
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError("severities", severity + " is not one of P1, P2, P3, P4"));
            }
        }
        List<String> channelTypes = orEmpty(draft.channelTypes());
        for (String type : channelTypes) {
            try {
                ChannelType.valueOf(type);
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError("channelTypes", type + " is not a channel type"));
            }
        }
        List<String> channelIds = orEmpty(draft.channelIds());
        for (String channelId : channelIds) {
            try {
                if (Channel.findById(UUID.fromString(channelId)) == null) {
                    errors.add(new Problem.FieldError("channelIds", "channel " + channelId + " does not exist"));
                }
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError("channelIds", channelId + " is not a channel id"));
            }
        }
        if (draft.repeatInterval() != null) {
            try {
                if (Duration.parse(draft.repeatInterval()).isNegative()) {
                    errors.add(new Problem.FieldError("repeatInterval", "must not be negative"));
                }
            } catch (DateTimeParseException e) {
                errors.add(new Problem.FieldError("repeatInterval", "must be an ISO-8601 duration such as PT4H"));
            }
        }
        if (Boolean.TRUE.equals(draft.separateAlertMessages()) && !takesAlerts(draft.eventTypes())) {
            errors.add(new Problem.FieldError("separateAlertMessages",
                    "applies to alert events only: eventTypes must include connectops.alert.* events"));
        }
        if (Boolean.TRUE.equals(draft.separateAlertMessages()) && Boolean.TRUE.equals(draft.digest())) {
            errors.add(new Problem.FieldError("separateAlertMessages",
                    "a digest route sends no alert messages to keep apart"));
        }
        LocalTime quietFrom = null;
        LocalTime quietUntil = null;
        String quietZone = null;
        if (draft.quietHours() != null) {
            try {
                quietFrom = LocalTime.parse(draft.quietHours().from());
                quietUntil = LocalTime.parse(draft.quietHours().until());
                if (quietFrom.equals(quietUntil)) {
                    errors.add(new Problem.FieldError("quietHours", "from and until must differ"));
                }
            } catch (DateTimeParseException | NullPointerException e) {
                errors.add(new Problem.FieldError("quietHours", "from and until must be times such as 22:00"));
            }
            quietZone = draft.quietHours().zone() == null ? "UTC" : draft.quietHours().zone();
            try {
                ZoneId.of(quietZone);
            } catch (DateTimeException e) {
                errors.add(new Problem.FieldError("quietHours.zone", quietZone + " is not a time zone"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        route.name = draft.name().trim();
        route.position = draft.position() != null ? draft.position() : nextPosition(route);
        route.enabled = draft.enabled() == null || draft.enabled();
        route.eventTypes = new ArrayList<>(orEmpty(draft.eventTypes()));
        route.severities = new ArrayList<>(severities);
        route.labels = draft.labels() == null ? new HashMap<>() : new HashMap<>(draft.labels());
        route.queues = new ArrayList<>(orEmpty(draft.queues()));
        route.channelIds = new ArrayList<>(channelIds);
        route.channelTypes = new ArrayList<>(channelTypes);
        route.continueMatching = Boolean.TRUE.equals(draft.continueMatching());
        route.repeatInterval = draft.repeatInterval();
        route.digest = Boolean.TRUE.equals(draft.digest());
        route.separateAlertMessages = Boolean.TRUE.equals(draft.separateAlertMessages());
        route.quietFrom = quietFrom;
        route.quietUntil = quietUntil;
        route.quietZone = quietZone;
        route.updatedAt = Instant.now();
    }

    /** Whether a route with these event types can match an alert event (no types: every event). */
    private static boolean takesAlerts(List<String> eventTypes) {
        if (eventTypes == null || eventTypes.isEmpty()) {
            return true;
        }
        for (String type : eventTypes) {
            String prefix = type.endsWith("*") ? type.substring(0, type.length() - 1) : null;
            if (prefix != null ? "connectops.alert.".startsWith(prefix) || prefix.startsWith("connectops.alert.")
                    : type.startsWith("connectops.alert.")) {
                return true;
            }
        }
        return false;
    }

    private static int nextPosition(Route route) {
        if (route.position != 0) {
            return route.position;
        }
        Integer max = Route.getEntityManager().createQuery("select max(r.position) from Route r", Integer.class)
                .getSingleResult();
        return max == null ? 10 : max + 10;
    }

    private static List<String> orEmpty(List<String> values) {
        return values == null ? List.of() : values;
    }
}
