package io.connectops.notifications.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.IncidentEvent;
import io.connectops.contracts.Severity;

/** Which routes take an event, and when quiet hours let it go, without the application. */
class RouteMatcherTest {

    private static RoutableEvent notice(String type, Severity severity, Map<String, String> labels, List<String> queues) {
        return new RoutableEvent("e1", type, Instant.now(), severity, labels, queues, null, "t", null, "{}");
    }

    @Test
    void routesMatchOnTypePrefixSeverityLabelsAndQueues() {
        Route route = new Route();
        route.eventTypes = List.of("connectops.incident.*");
        route.severities = List.of("P1", "P2");
        route.labels = Map.of("change", "OPENED");
        route.queues = List.of("billing");

        assertThat(RouteMatcher.matches(route, notice("connectops.incident.opened.v1", Severity.P1,
                Map.of("change", "OPENED"), List.of("billing", "sales")))).isTrue();
        assertThat(RouteMatcher.matches(route, notice("connectops.alert.firing.v1", Severity.P1,
                Map.of("change", "OPENED"), List.of("billing")))).isFalse();
        assertThat(RouteMatcher.matches(route, notice("connectops.incident.opened.v1", Severity.P3,
                Map.of("change", "OPENED"), List.of("billing")))).isFalse();
        assertThat(RouteMatcher.matches(route, notice("connectops.incident.opened.v1", Severity.P1,
                Map.of("change", "RESOLVED"), List.of("billing")))).isFalse();
        assertThat(RouteMatcher.matches(route, notice("connectops.incident.opened.v1", Severity.P1,
                Map.of("change", "OPENED"), List.of("sales")))).isFalse();
        assertThat(RouteMatcher.matches(new Route(), notice("anything", null, Map.of(), List.of()))).isTrue();
    }

    @Test
    void anIncidentsEscalationLevelAndTargetAreLabelsRoutesMatchOn() {
        Route levelTwo = new Route();
        levelTwo.labels = Map.of("escalationLevel", "2");
        Route vendor = new Route();
        vendor.labels = Map.of("escalationTarget", "vendor-support");

        RoutableEvent second = RoutableEvent.ofIncident(escalation(2, "vendor-support"));
        RoutableEvent first = RoutableEvent.ofIncident(escalation(1, "telecom-oncall"));
        RoutableEvent opened = RoutableEvent.ofIncident(CloudEvent.of("/connectops/incidents",
                "connectops.incident.opened.v1", "i-1", new IncidentEvent("i-1", "INC-1", IncidentEvent.Change.OPENED,
                        "TRIAGE", Severity.P1, "Queue down", null, null, List.of("billing"), List.of(), null, 0, null,
                        null, Instant.now(), null)));

        assertThat(second.labels()).containsEntry("escalationLevel", "2").containsEntry("escalationTarget",
                "vendor-support").containsEntry("change", "ESCALATED");
        assertThat(opened.labels()).doesNotContainKeys("escalationLevel", "escalationTarget");
        assertThat(RouteMatcher.matches(levelTwo, second)).isTrue();
        assertThat(RouteMatcher.matches(levelTwo, first)).isFalse();
        assertThat(RouteMatcher.matches(levelTwo, opened)).isFalse();
        assertThat(RouteMatcher.matches(vendor, second)).isTrue();
        assertThat(RouteMatcher.matches(vendor, first)).isFalse();
    }

    private static CloudEvent<IncidentEvent> escalation(int level, String target) {
        return CloudEvent.of("/connectops/incidents", "connectops.incident.escalated.v1", "i-1", new IncidentEvent(
                "i-1", "INC-1", IncidentEvent.Change.ESCALATED, "TRIAGE", Severity.P1, "Queue down", null,
                "No acknowledgement", List.of("billing"), List.of(), null, level, target, null, Instant.now(), null));
    }

    @Test
    void quietHoursHoldAllButP1UntilTheyEndAcrossMidnight() {
        Route route = new Route();
        route.quietFrom = LocalTime.parse("22:00");
        route.quietUntil = LocalTime.parse("07:00");
        route.quietZone = "Europe/Paris";
        Instant lateEvening = Instant.parse("2026-11-22T22:30:00Z"); // 23:30 in Paris
        Instant noon = Instant.parse("2026-11-22T11:00:00Z");

        assertThat(RouteMatcher.notBefore(route, Severity.P2, lateEvening)).isEqualTo(Instant.parse("2026-11-23T06:00:00Z"));
        assertThat(RouteMatcher.notBefore(route, Severity.P1, lateEvening)).isEqualTo(lateEvening);
        assertThat(RouteMatcher.notBefore(route, Severity.P3, noon)).isEqualTo(noon);
    }
}
