package io.connectops.notifications.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.connectops.contracts.Actor;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventSources;
import io.connectops.contracts.IncidentEvent;
import io.connectops.contracts.IncidentEvent.Change;
import io.connectops.contracts.Severity;
import io.connectops.fakes.ReceivedRequest;
import io.connectops.notifications.Fixtures;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * A route that matches the escalation level (or target) of an incident takes its level-2 escalation to another
 * channel, while the incident's other messages keep their usual route.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class EscalationRoutingTest {

    @Test
    void aLevelTwoEscalationGoesToTheChannelOfTheLevelTwoRouteAndEverythingElseToTheQueuesRoute() {
        String queue = Fixtures.unique("q");
        String incidentId = Fixtures.unique("inc");
        String team = "/" + Fixtures.unique("team");
        String management = "/" + Fixtures.unique("management");
        String vendor = "/" + Fixtures.unique("vendor");
        String teamChannel = Fixtures.webhookChannel(Fixtures.WEBHOOK.baseUrl() + team);
        String managementChannel = Fixtures.webhookChannel(Fixtures.WEBHOOK.baseUrl() + management);
        String vendorChannel = Fixtures.webhookChannel(Fixtures.WEBHOOK.baseUrl() + vendor);
        route(queue, -300, Map.of("escalationTarget", "vendor-support"), vendorChannel);
        route(queue, -200, Map.of("escalationLevel", "2"), managementChannel);
        Fixtures.routeForQueue(queue, teamChannel);

        Fixtures.publish(Fixtures.incident(incidentId, Change.OPENED, "TRIAGE", "Queue down", queue));
        Fixtures.publish(escalated(incidentId, queue, 1, "telecom-oncall"));
        Fixtures.publish(escalated(incidentId, queue, 2, "telecom-management"));
        Fixtures.publish(escalated(incidentId, queue, 3, "vendor-support"));

        Fixtures.awaitStatuses("incidentId", incidentId, 4, "DELIVERED");
        assertThat(changes(team)).containsExactly("OPENED:0", "ESCALATED:1");
        assertThat(changes(management)).containsExactly("ESCALATED:2");
        assertThat(changes(vendor)).containsExactly("ESCALATED:3");
    }

    @Test
    void theRouteTestSaysWhichChannelsALevelTwoEscalationWouldReach() {
        String queue = Fixtures.unique("q");
        String management = Fixtures.webhookChannel(Fixtures.WEBHOOK.baseUrl() + "/" + Fixtures.unique("m"));
        String routeId = route(queue, -200, Map.of("escalationLevel", "2"), management);

        Map<String, Object> probe = new LinkedHashMap<>();
        probe.put("eventType", "connectops.incident.escalated.v1");
        probe.put("severity", "P1");
        probe.put("queues", List.of(queue));
        probe.put("labels", Map.of("change", "ESCALATED", "escalationLevel", "2"));
        JsonPath answer = ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON).body(probe)
                .post("/api/v1/routes/test").then().statusCode(200).extract().jsonPath();

        assertThat(answer.getList("targets.routeId", String.class)).containsExactly(routeId);
        assertThat(answer.getList("targets.channelId", String.class)).containsExactly(management);
    }

    private static String route(String queue, int position, Map<String, String> labels, String channelId) {
        Map<String, Object> route = new LinkedHashMap<>();
        route.put("name", Fixtures.unique("route-escalation"));
        route.put("position", position);
        route.put("eventTypes", List.of("connectops.incident.escalated.v1"));
        route.put("queues", List.of(queue));
        route.put("labels", labels);
        route.put("channelIds", List.of(channelId));
        return ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON).body(route).post("/api/v1/routes")
                .then().statusCode(201).extract().path("id");
    }

    private static CloudEvent<IncidentEvent> escalated(String incidentId, String queue, int level, String target) {
        IncidentEvent incident = new IncidentEvent(incidentId, "INC-" + incidentId.substring(incidentId.length() - 4),
                Change.ESCALATED, "TRIAGE", Severity.P1, "Billing queue abandonment", "Callers wait over 5 minutes",
                "No acknowledgement within the SLA", List.of(queue), List.of(), "alice", level, target,
                new Actor("incidents", "Incidents"), Instant.now(), "https://connectops.example/incidents/" + incidentId);
        return CloudEvent.of(EventSources.INCIDENTS, incident.type(), incidentId, incident);
    }

    private static List<String> changes(String path) {
        return Fixtures.WEBHOOK.received(path).stream().map(ReceivedRequest::body).map(JsonPath::new)
                .map(body -> body.getString("event.change") + ":" + body.getInt("event.escalationLevel")).toList();
    }
}
