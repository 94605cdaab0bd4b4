package io.connectops.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.connectops.contracts.EventCodec;
import io.connectops.fakes.ReceivedRequest;
import io.connectops.fakes.SlackFake;
import io.connectops.platform.security.Roles;
import io.connectops.simulator.ConnectSimulator;
import io.connectops.simulator.FastClock;
import io.connectops.simulator.Scenario;
import io.connectops.simulator.SimulatedInstance;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * The incident story of issue 8 across the five services, each a separate process, on a real broker, PostgreSQL
 * and signed tokens:
 * a call surge on the Support queue of a simulated Connect instance raises abandonment → metrics-ingest polls the
 * closed 15-minute intervals (GetMetricDataV2) → alerting fires a P2 once abandonment has stayed above 5% for 15
 * minutes of event time (the default rule's settings) → incidents opens one incident → notifications starts a Slack
 * thread, posts a Teams card and opens a ServiceNow record → an incident manager assesses, mitigates and resolves it
 * → the alert resolves → the review is written with preventive actions → the incident closes → ServiceNow shows it
 * closed with close notes, the Slack thread and the timeline have every step with its actor.
 *
 * <p>The simulator runs on a {@link FastClock} at 30 times real speed, and metrics-ingest closes intervals on the
 * source's clock (the time Connect reports), so a 15-minute interval closes every 30 seconds.
 */
class IncidentStoryTest {

    /** Simulated minutes per real second ÷ 60: a simulated minute lasts two seconds. */
    private static final int SPEED = 30;
    private static final String MANAGER = "irene-im";
    private static final Duration STEP = Duration.ofSeconds(90);
    private static final String SUMMARY = "More than 5% of Support callers hang up before an agent answers";

    private static Platform platform;
    private ConnectSimulator simulator;
    private String sourceId;

    @BeforeAll
    static void startPlatform() {
        platform = Platform.get();
    }

    @AfterEach
    void stopSimulator() {
        if (sourceId != null) {
            platform.asAdmin("metrics-ingest").delete("/api/v1/sources/" + sourceId).then().statusCode(204);
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void callSurgeBecomesAnIncidentThatIsHandledToClosure() {
        Story story = new Story();
        story.surgeRaisesAnAlertThatOpensOneIncident();
        story.everyoneIsTold(1);
        story.managerAssessesAndMitigates();
        story.managerResolvesAndAlertResolves();
        story.reviewIsWrittenAndIncidentClosed();
        story.everyStepReachedEveryone();
    }

    /**
     * The same story with one service killed (SIGKILL) while the alert is pending, then started again. Whatever it
     * had accepted survives: metrics-ingest's promised samples reach alerting and polling resumes; alerting restores
     * the pending alert from its checkpoint and fires it once, at the right sample time; the alert that fires while
     * incidents is down waits on the broker and opens one incident when it is back. Every step still reaches Slack,
     * Teams and ServiceNow exactly once.
     */
    @ParameterizedTest(name = "{0} killed while the alert is pending")
    @ValueSource(strings = { "metrics-ingest", "alerting", "incidents" })
    void storySurvivesAServiceKilledWhileTheAlertIsPending(String service) {
        Story story = new Story();
        story.alertIsPending();
        killAndRestart(service);
        story.surgeRaisesAnAlertThatOpensOneIncident();
        story.everyoneIsTold(1);
        story.managerAssessesAndMitigates();
        story.managerResolvesAndAlertResolves();
        story.reviewIsWrittenAndIncidentClosed();
        story.everyStepReachedEveryone();
    }

    /**
     * notifications killed once the opening is delivered; the manager goes on while it is down. The assessment and
     * mitigation wait on the broker and are delivered after the restart; what was delivered before is not sent again.
     */
    @Test
    void storySurvivesNotificationsKilledBetweenDeliveries() {
        Story story = new Story();
        story.surgeRaisesAnAlertThatOpensOneIncident();
        story.everyoneIsTold(1);
        ServiceProcess notifications = platform.service("notifications");
        notifications.kill();
        story.managerAssessesAndMitigates();
        notifications.restart();
        story.everyoneIsTold(3);
        story.managerResolvesAndAlertResolves();
        story.reviewIsWrittenAndIncidentClosed();
        story.everyStepReachedEveryone();
    }

    private static void killAndRestart(String service) {
        ServiceProcess process = platform.service(service);
        process.kill();
        process.restart();
    }

    /** One run of the story, on its own Connect instance, rule, channels and route. */
    private final class Story {

        final String id = UUID.randomUUID().toString().substring(0, 8);
        final FastClock clock = new FastClock(SPEED);
        final SimulatedInstance instance;
        final String queueId;
        final String slackChannel = "#ops-e2e-" + id;
        final String teamsPath = "/workflows/e2e-" + id;
        String ruleId;
        String incidentId;
        String reference;

        Story() {
            simulator = ConnectSimulator.start(0, Scenario.CALL_SURGE).clock(clock);
            instance = simulator.instance("e2e-" + id);
            queueId = instance.queueIds().get(Scenario.SURGE_QUEUE);
            createRule();
            createChannelsAndRoute();
            registerSource();
        }

        private void createRule() {
            // The default "Abandonment rate above 5%" rule, scoped to this story's queue (see Platform).
            ruleId = platform.asAdmin("alerting").contentType(ContentType.JSON).body(Map.ofEntries(
                    Map.entry("name", "Abandonment rate above 5% (" + id + ")"),
                    Map.entry("metric", "abandonment_rate"),
                    Map.entry("instanceId", instance.instanceId()),
                    Map.entry("queueId", queueId),
                    Map.entry("aggregation", "LAST"),
                    Map.entry("comparator", "GT"),
                    Map.entry("threshold", 5),
                    Map.entry("forDuration", "PT15M"),
                    Map.entry("keepFiringFor", "PT5M"),
                    Map.entry("noData", "RESOLVE"),
                    Map.entry("severity", "P2"),
                    Map.entry("labels", Map.of("story", id)),
                    Map.entry("summary", SUMMARY),
                    Map.entry("description", "The call surge backs up the Support queue; callers hang up."),
                    Map.entry("enabled", true)))
                    .post("/api/v1/rules").then().statusCode(201).extract().path("id");
        }

        private void createChannelsAndRoute() {
            String slack = createChannel(Map.of("name", "Slack " + id, "type", "SLACK",
                    "settings", Map.of("channel", slackChannel, "apiUrl", platform.slack.baseUrl() + "/api"),
                    "secrets", Map.of("botToken", Platform.SLACK_TOKEN)));
            String teams = createChannel(Map.of("name", "Teams " + id, "type", "TEAMS",
                    "secrets", Map.of("workflowUrl", platform.teams.baseUrl() + teamsPath)));
            String serviceNow = createChannel(Map.of("name", "ServiceNow " + id, "type", "SERVICENOW",
                    "settings", Map.of("instanceUrl", platform.serviceNow.baseUrl(),
                            "username", Platform.SERVICENOW_USER),
                    "secrets", Map.of("password", Platform.SERVICENOW_PASSWORD)));
            platform.asAdmin("notifications").contentType(ContentType.JSON).body(Map.of(
                    "name", "Support incidents " + id,
                    "eventTypes", List.of("connectops.incident.*"),
                    "queues", List.of(queueId),
                    "channelIds", List.of(slack, teams, serviceNow),
                    "continue", true))
                    .post("/api/v1/routes").then().statusCode(201);
        }

        private String createChannel(Map<String, Object> channel) {
            return platform.asAdmin("notifications").contentType(ContentType.JSON).body(channel)
                    .post("/api/v1/channels").then().statusCode(201).extract().path("id");
        }

        /**
         * From here on metrics-ingest polls the simulator every second; the surge is already under way. Polling the
         * real-time metrics every second keeps metrics-ingest's reading of the source's clock fresh.
         */
        private void registerSource() {
            sourceId = platform.asAdmin("metrics-ingest").contentType(ContentType.JSON).body(Map.of(
                    "name", "Simulated contact center " + id,
                    "instanceArn", instance.arn(),
                    "queueIds", instance.queueIds(),
                    "channels", List.of("VOICE"),
                    "currentMetricsInterval", "PT1S",
                    "intervalMetricsInterval", "PT1S",
                    "agentStatesInterval", "P1D",
                    "credentialsRef", "default",
                    "endpointOverride", simulator.endpoint().toString()))
                    .post("/api/v1/sources").then().statusCode(201).extract().path("id");
        }

        void alertIsPending() {
            await("the alert is pending").atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                    assertThat(viewer("alerting").queryParam("ruleId", ruleId).get("/api/v1/alerts")
                            .then().statusCode(200).extract().jsonPath().getList("items.state"))
                            .containsExactly("PENDING"));
        }

        void surgeRaisesAnAlertThatOpensOneIncident() {
            await("the surge opens an incident").atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                    assertThat(incidentsOfQueue()).hasSize(1));
            JsonPath incident = incidentsOfQueue().get(0);
            incidentId = incident.getString("id");
            reference = incident.getString("reference");
            assertThat(incident.getString("status")).isEqualTo("TRIAGE");
            assertThat(incident.getString("severity")).isEqualTo("P2");
            assertThat(incident.getString("source")).isEqualTo("ALERT");
            assertThat(incident.getString("instanceId")).isEqualTo(instance.instanceId());
            assertThat(incident.getString("title")).isEqualTo(SUMMARY);

            JsonPath alerts = platform.as("alerting", "vera", Roles.VIEWER).queryParam("ruleId", ruleId)
                    .get("/api/v1/alerts").then().statusCode(200).extract().jsonPath();
            assertThat(alerts.getList("items.state")).containsExactly("FIRING");
        }

        private List<JsonPath> incidentsOfQueue() {
            List<Map<String, Object>> items = viewer("incidents").queryParam("queue", queueId)
                    .get("/api/v1/incidents").then().statusCode(200).extract().jsonPath().getList("items");
            return items.stream().map(item -> new JsonPath(toJson(item))).toList();
        }

        /** {@code events} incident events have reached each of Slack, Teams and ServiceNow, each exactly once. */
        void everyoneIsTold(int events) {
            await("incident events delivered").atMost(STEP).untilAsserted(() -> {
                assertThat(slackThread()).hasSize(events);
                assertThat(teamsCards()).hasSize(events);
                assertThat(serviceNowRecords()).hasSize(1);
                assertThat(platform.serviceNow.workNotes(serviceNowRecord().get("sys_id").toString())).hasSize(events);
                assertThat(deliveries()).hasSize(3 * events).allMatch(d -> "DELIVERED".equals(d.get("status")));
            });
        }

        void managerAssessesAndMitigates() {
            manager().contentType(ContentType.JSON).body(Map.of("severity", "P2",
                    "impact", "Support callers wait over 2 minutes; a third of them hang up",
                    "summary", "Call surge on Support after the billing run; too few agents on the queue",
                    "commander", MANAGER))
                    .post("/api/v1/incidents/" + incidentId + "/assess").then().statusCode(200)
                    .body("status", Matchers.equalTo("MITIGATING"));
            String action = manager().contentType(ContentType.JSON).body(Map.of(
                    "description", "Move six Sales agents to the Support routing profile", "owner", MANAGER,
                    "automated", false))
                    .post("/api/v1/incidents/" + incidentId + "/actions").then().statusCode(201).extract().path("id");
            manager().contentType(ContentType.JSON).body(Map.of("result", "Moving the agents"))
                    .post("/api/v1/incidents/" + incidentId + "/actions/" + action + "/start")
                    .then().statusCode(200);
            manager().contentType(ContentType.JSON).body(Map.of("result", "Six agents now take Support calls"))
                    .post("/api/v1/incidents/" + incidentId + "/actions/" + action + "/complete")
                    .then().statusCode(200);
            manager().contentType(ContentType.JSON)
                    .body(Map.of("mitigation", "Six Sales agents moved to Support; the queue is draining"))
                    .post("/api/v1/incidents/" + incidentId + "/mitigate").then().statusCode(200)
                    .body("status", Matchers.equalTo("MONITORING"));
            // The extra agents drain the queue: the simulated contact center is back to a normal day.
            instance.scenario(Scenario.NORMAL_DAY);
        }

        void managerResolvesAndAlertResolves() {
            manager().contentType(ContentType.JSON)
                    .body(Map.of("resolution", "Queue back under 30 s wait; surge over"))
                    .post("/api/v1/incidents/" + incidentId + "/resolve").then().statusCode(200)
                    .body("status", Matchers.equalTo("RESOLVED"));
            await("the alert resolves").atMost(STEP).untilAsserted(() ->
                    assertThat(timeline()).extracting(e -> e.get("kind")).contains("ALERT_RESOLVED"));
            JsonPath alerts = viewer("alerting").queryParam("ruleId", ruleId).get("/api/v1/alerts")
                    .then().statusCode(200).extract().jsonPath();
            assertThat(alerts.getList("items.state")).containsExactly("RESOLVED");
        }

        void reviewIsWrittenAndIncidentClosed() {
            manager().contentType(ContentType.JSON).body(Map.of(
                    "summary", "A billing-run call surge backed up Support for 25 minutes",
                    "rootCause", "The billing run was not in the forecast, so Support was staffed for a normal day",
                    "contributingFactors", List.of("No overflow routing from Support to Sales"),
                    "impactDuration", "PT25M",
                    "contactsAffected", 140,
                    "wentWell", "The alert fired within minutes and the thread had everyone",
                    "wentBadly", "Agents were moved by hand",
                    "preventiveActions", List.of(
                            Map.of("description", "Add billing runs to the forecast calendar", "owner", "wfm-team",
                                    "dueDate", LocalDate.now().plusDays(14).toString()),
                            Map.of("description", "Overflow Support to Sales after 60 s", "owner", "connect-admins",
                                    "dueDate", LocalDate.now().plusDays(7).toString()))))
                    .put("/api/v1/incidents/" + incidentId + "/review").then().statusCode(200);
            manager().contentType(ContentType.JSON).body(Map.of("note", "Review meeting held"))
                    .post("/api/v1/incidents/" + incidentId + "/start-review").then().statusCode(200)
                    .body("status", Matchers.equalTo("POST_INCIDENT"));
            manager().contentType(ContentType.JSON).body(Map.of("note", "Closed after review: forecast fixed"))
                    .post("/api/v1/incidents/" + incidentId + "/close").then().statusCode(200)
                    .body("status", Matchers.equalTo("CLOSED"));
        }

        /** Six incident events (opened, assessed, mitigated, resolved, review started, closed), each told once. */
        void everyStepReachedEveryone() {
            everyoneIsTold(6);

            List<SlackFake.Message> thread = slackThread();
            SlackFake.Message parent = thread.get(0);
            assertThat(parent.threadTs()).isNull();
            assertThat(thread.subList(1, thread.size())).allMatch(reply -> parent.ts().equals(reply.threadTs()));
            assertThat(parent.edits()).as("the parent shows the latest status").hasSize(5);
            assertThat(String.join("\n", thread.stream().map(SlackFake.Message::text).toList()))
                    .contains(reference);

            Map<String, Object> record = serviceNowRecord();
            assertThat(record).containsEntry("state", "7").containsEntry("active", "false")
                    .containsEntry("close_code", "Solved (Permanently)")
                    // The resolution and, once reviewed, the root cause; the close note stays on our timeline.
                    .containsEntry("close_notes", "Resolution: Queue back under 30 s wait; surge over\nRoot cause: "
                            + "The billing run was not in the forecast, so Support was staffed for a normal day")
                    .containsEntry("impact", "1").containsEntry("urgency", "2");

            List<Map<String, Object>> timeline = timeline();
            List<Map<String, Object>> statusChanges = timeline.stream()
                    .filter(e -> "STATUS_CHANGED".equals(e.get("kind"))).toList();
            assertThat(statusChanges).extracting(e -> e.get("status"))
                    .containsExactly("MITIGATING", "MONITORING", "RESOLVED", "POST_INCIDENT", "CLOSED");
            assertThat(statusChanges).allMatch(e -> ("sub-" + MANAGER).equals(e.get("actorId"))
                    && MANAGER.equals(e.get("actorName")));
            assertThat(timeline).filteredOn(e -> "OPENED".equals(e.get("kind"))).singleElement()
                    .satisfies(e -> assertThat(e.get("actorId")).isEqualTo("alerting/" + ruleId));
            assertThat(timeline).filteredOn(e -> "ALERT_ATTACHED".equals(e.get("kind"))).hasSize(1);
            assertThat(timeline).filteredOn(e -> "ALERT_RESOLVED".equals(e.get("kind"))).hasSize(1);
            assertThat(timeline).extracting(e -> e.get("kind"))
                    .contains("ACTION_ADDED", "ACTION_UPDATED", "REVIEW_UPDATED");
            assertThat(timeline).allMatch(e -> e.get("actorId") != null && e.get("occurredAt") != null);
            assertThat(timeline).filteredOn(e -> "DELIVERY".equals(e.get("kind"))).isNotEmpty()
                    .allMatch(e -> "notifications".equals(e.get("actorId")));

            JsonPath review = viewer("incidents").get("/api/v1/incidents/" + incidentId + "/review")
                    .then().statusCode(200).extract().jsonPath();
            assertThat(review.getList("preventiveActions.owner")).containsExactlyInAnyOrder("wfm-team",
                    "connect-admins");
        }

        List<SlackFake.Message> slackThread() {
            return platform.slack.messagesIn(slackChannel);
        }

        List<ReceivedRequest> teamsCards() {
            return platform.teams.received(teamsPath).stream().filter(r -> r.answeredStatus() == 202).toList();
        }

        List<Map<String, Object>> serviceNowRecords() {
            return platform.serviceNow.incidents().stream()
                    .filter(r -> ("connectops:incident:" + incidentId).equals(r.get("correlation_id"))).toList();
        }

        Map<String, Object> serviceNowRecord() {
            List<Map<String, Object>> records = serviceNowRecords();
            assertThat(records).hasSize(1);
            return records.get(0);
        }

        List<Map<String, Object>> deliveries() {
            return platform.asAdmin("notifications").queryParam("incidentId", incidentId).queryParam("size", 100)
                    .get("/api/v1/deliveries").then().statusCode(200).extract().jsonPath().getList("items");
        }

        List<Map<String, Object>> timeline() {
            return viewer("incidents").queryParam("size", 200).get("/api/v1/incidents/" + incidentId + "/timeline")
                    .then().statusCode(200).extract().jsonPath().getList("items");
        }

        private RequestSpecification manager() {
            return platform.as("incidents", MANAGER, Roles.INCIDENT_MANAGER);
        }

        private RequestSpecification viewer(String service) {
            return platform.as(service, "vera", Roles.VIEWER);
        }
    }

    private static String toJson(Object value) {
        try {
            return EventCodec.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
