package io.connectops.notifications;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.assertj.core.api.Assertions;

import io.connectops.contracts.Actor;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.IncidentCommand;
import io.connectops.contracts.IncidentEvent;
import io.connectops.contracts.Severity;
import io.connectops.contracts.Topics;
import io.connectops.fakes.ServiceNowFake;
import io.connectops.fakes.SlackFake;
import io.connectops.fakes.TeamsFake;
import io.connectops.fakes.WebhookFake;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.TestKafka;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Shared fakes (each test uses its own Slack channel, workflow path, webhook path or incident id, so tests never see
 * each other's traffic) and helpers that go through the real API and the real broker.
 */
public final class Fixtures {

    public static final String SLACK_TOKEN = "xoxb-test-4815162342-secret";
    public static final String SERVICENOW_USER = "svc-connectops";
    public static final String SERVICENOW_PASSWORD = "sn-Secret-Pass-42";
    public static final String WEBHOOK_SECRET = "whsec-0123456789abcdef";

    public static final SlackFake SLACK = (SlackFake) new SlackFake(SLACK_TOKEN).start(0);
    public static final TeamsFake TEAMS = (TeamsFake) new TeamsFake().start(0);
    public static final ServiceNowFake SERVICENOW = (ServiceNowFake) new ServiceNowFake(SERVICENOW_USER,
            SERVICENOW_PASSWORD).start(0);
    public static final WebhookFake WEBHOOK = (WebhookFake) new WebhookFake().start(0);

    private Fixtures() {
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String createChannel(Map<String, Object> body) {
        return ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON).body(body).post("/api/v1/channels")
                .then().statusCode(201).extract().path("id");
    }

    public static String slackChannel(String slackChannelId) {
        return createChannel(Map.of("name", unique("slack"), "type", "SLACK",
                "settings", Map.of("channel", slackChannelId, "apiUrl", SLACK.baseUrl() + "/api"),
                "secrets", Map.of("botToken", SLACK_TOKEN)));
    }

    public static String teamsChannel(String baseUrl, String workflowPath) {
        return createChannel(Map.of("name", unique("teams"), "type", "TEAMS",
                "secrets", Map.of("workflowUrl", baseUrl + workflowPath + "?sig=teams-signature-secret")));
    }

    public static String serviceNowChannel() {
        return serviceNowChannel(Map.of());
    }

    /** A ServiceNow channel on the fake, with {@code extraSettings} beside the usual ones. */
    public static String serviceNowChannel(Map<String, String> extraSettings) {
        Map<String, String> settings = new LinkedHashMap<>(Map.of("instanceUrl", SERVICENOW.baseUrl(),
                "username", SERVICENOW_USER, "assignmentGroup", "contact-center-ops", "callerId", "svc-connectops",
                "fieldMapping", "{\"category\":\"inquiry\"}"));
        settings.putAll(extraSettings);
        return createChannel(Map.of("name", unique("servicenow"), "type", "SERVICENOW", "settings", settings,
                "secrets", Map.of("password", SERVICENOW_PASSWORD)));
    }

    /** The commands notifications published about the incident, in the order they are on the topic. */
    public static List<CloudEvent<IncidentCommand>> commands(String incidentId, int count) {
        return TestKafka.awaitRecords(Topics.COMMANDS, r -> incidentId.equals(r.key()), count, Duration.ofSeconds(60))
                .stream().map(r -> EventCodec.decode(r.value(), IncidentCommand.class)).toList();
    }

    public static String webhookChannel(String url) {
        return createChannel(Map.of("name", unique("webhook"), "type", "WEBHOOK", "settings", Map.of("url", url),
                "secrets", Map.of("signingSecret", WEBHOOK_SECRET)));
    }

    /** A route that takes everything about {@code queue} (and nothing else) to the channels, ahead of the defaults. */
    public static String routeForQueue(String queue, String... channelIds) {
        Map<String, Object> route = new LinkedHashMap<>();
        route.put("name", unique("route-" + queue));
        route.put("position", -100);
        route.put("queues", List.of(queue));
        route.put("channelIds", List.of(channelIds));
        return ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON).body(route).post("/api/v1/routes")
                .then().statusCode(201).extract().path("id");
    }

    /**
     * A field of every route, read page by page as a viewer: the runs' tests keep adding routes (the database outlives
     * a run), many sorting before any given one, so the first page does not hold them all.
     */
    public static List<String> everyRoute(String field) {
        List<String> values = new ArrayList<>();
        for (int page = 0;; page++) {
            List<String> items = ApiSecurity.as(Roles.VIEWER).queryParam("page", page).queryParam("size", 100)
                    .get("/api/v1/routes").then().statusCode(200).extract().jsonPath().getList("items." + field);
            values.addAll(items);
            if (items.size() < 100) {
                return values;
            }
        }
    }

    public static CloudEvent<IncidentEvent> incident(String incidentId, IncidentEvent.Change change, String status,
            String message, String queue) {
        return incident(incidentId, change, status, message, queue, Severity.P1);
    }

    public static CloudEvent<IncidentEvent> incident(String incidentId, IncidentEvent.Change change, String status,
            String message, String queue, Severity severity) {
        IncidentEvent incident = new IncidentEvent(incidentId, "INC-" + incidentId.substring(incidentId.length() - 4),
                change, status, severity, "Billing queue abandonment", "Callers wait over 5 minutes", message,
                List.of(queue), List.of(), "alice", change == IncidentEvent.Change.ESCALATED ? 1 : 0,
                change == IncidentEvent.Change.ESCALATED ? "telecom-oncall" : null, new Actor("sub-1", "Alice"),
                Instant.now(), "https://connectops.example/incidents/" + incidentId);
        return CloudEvent.of("/connectops/incidents", incident.type(), incidentId, incident);
    }

    public static void publish(CloudEvent<IncidentEvent> event) {
        TestKafka.send(Topics.INCIDENTS, event.data().incidentId(), event);
    }

    public static JsonPath deliveries(String parameter, String value) {
        return ApiSecurity.as(Roles.VIEWER).queryParam(parameter, value).queryParam("size", 200)
                .get("/api/v1/deliveries").then().statusCode(200).extract().jsonPath();
    }

    public static List<String> statuses(String parameter, String value) {
        return new ArrayList<>(deliveries(parameter, value).getList("items.status", String.class));
    }

    public static void awaitStatuses(String parameter, String value, int count, String status) {
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> Assertions
                .assertThat(statuses(parameter, value)).hasSize(count).containsOnly(status));
    }
}
