package io.connectops.notifications.routing;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;

import io.connectops.contracts.Severity;

/** Whether a route takes a notice, and when its quiet hours let it be sent. */
public final class RouteMatcher {

    private RouteMatcher() {
    }

    public static boolean matches(Route route, RoutableEvent notice) {
        if (!route.eventTypes.isEmpty() && route.eventTypes.stream().noneMatch(type -> typeMatches(type, notice.eventType()))) {
            return false;
        }
        if (!route.severities.isEmpty()
                && (notice.severity() == null || !route.severities.contains(notice.severity().name()))) {
            return false;
        }
        for (Map.Entry<String, String> label : route.labels.entrySet()) {
            if (!label.getValue().equals(notice.labels().get(label.getKey()))) {
                return false;
            }
        }
        return route.queues.isEmpty() || notice.queues().stream().anyMatch(route.queues::contains);
    }

    static boolean typeMatches(String pattern, String type) {
        return pattern.endsWith("*") ? type.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(type);
    }

    /**
     * When a notice may be sent under the route's quiet hours: {@code now} outside them, else their end. P1 is never
     * held back.
     */
    public static Instant notBefore(Route route, Severity severity, Instant now) {
        if (route.quietFrom == null || route.quietUntil == null || severity == Severity.P1) {
            return now;
        }
        ZoneId zone = route.quietZone == null ? ZoneId.of("UTC") : ZoneId.of(route.quietZone);
        ZonedDateTime local = now.atZone(zone);
        LocalTime time = local.toLocalTime();
        boolean overnight = route.quietFrom.isAfter(route.quietUntil);
        boolean quiet = overnight ? !time.isBefore(route.quietFrom) || time.isBefore(route.quietUntil)
                : !time.isBefore(route.quietFrom) && time.isBefore(route.quietUntil);
        if (!quiet) {
            return now;
        }
        ZonedDateTime end = local.with(route.quietUntil);
        if (!end.isAfter(local)) {
            end = end.plusDays(1);
        }
        return end.toInstant();
    }
}
