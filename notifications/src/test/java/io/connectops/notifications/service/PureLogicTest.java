package io.connectops.notifications.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.IncidentEvent;
import io.connectops.contracts.Severity;
import io.connectops.notifications.domain.Route;

/** Routing, quiet hours, Retry-After, ServiceNow mapping and signing, without the application. */
class PureLogicTest {

    private static Notice notice(String type, Severity severity, Map<String, String> labels, List<String> queues) {
        return new Notice("e1", type, Instant.now(), severity, labels, queues, null, "t", null, "{}");
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

    @Test
    void retryAfterIsReadInSecondsOrAsADate() {
        assertThat(HttpCalls.retryAfter("2")).isEqualTo(Duration.ofSeconds(2));
        assertThat(HttpCalls.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
        assertThat(HttpCalls.retryAfter("soon")).isNull();
        assertThat(HttpCalls.retryAfter(null)).isNull();
    }

    @Test
    void redactionRemovesSecretsAndTheUrl() {
        assertThat(HttpCalls.redact("bad token xoxb-123456 at https://hooks.example/abc", List.of("xoxb-123456"),
                "https://hooks.example/abc")).isEqualTo("bad token *** at [url]");
    }

    @Test
    void incidentChangesMapToServiceNowStatesAndSeverityToImpactAndUrgency() {
        IncidentEvent resolved = new IncidentEvent("i", "INC-1", IncidentEvent.Change.RESOLVED, "RESOLVED", Severity.P2,
                "t", null, "Fixed the trunk", List.of(), List.of(), null, 0, null, null, Instant.now(), null);
        ServiceNowSender.Change change = ServiceNowSender.change(resolved);
        assertThat(change.fields()).containsEntry("state", "6").containsEntry("close_code", "Solved (Permanently)")
                .containsEntry("close_notes", "Fixed the trunk");
        assertThat(change.closing()).isTrue();

        AlertEvent firing = new AlertEvent("fp", "g", "r", "n", AlertEvent.State.FIRING, Severity.P4, Map.of(), 1.0,
                2.0, null, null, null, null, Instant.now(), null);
        assertThat(ServiceNowSender.change(firing).closing()).isFalse();

        Map<String, Object> record = new java.util.HashMap<>();
        ServiceNowSender.putSeverity(record, Severity.P2);
        assertThat(record).containsEntry("impact", "1").containsEntry("urgency", "2");
        ServiceNowSender.putSeverity(record, Severity.P4);
        assertThat(record).containsEntry("impact", "2").containsEntry("urgency", "3");
    }

    @Test
    void webhookSignaturesAreHmacSha256() {
        // RFC 4231 test case 2
        assertThat(WebhookSender.sign("Jefe", "what do ya want for nothing?"))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }
}
