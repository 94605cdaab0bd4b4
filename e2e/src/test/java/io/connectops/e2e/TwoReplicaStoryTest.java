package io.connectops.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.common.utils.Utils;
import org.hamcrest.Matchers;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.connectops.fakes.Fault;
import io.connectops.fakes.ReceivedRequest;
import io.connectops.fakes.SlackFake;
import io.connectops.platform.security.Roles;
import io.connectops.simulator.ConnectSimulator;
import io.connectops.simulator.FastClock;
import io.connectops.simulator.Scenario;
import io.connectops.simulator.SimulatedInstance;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * The incident story in the shape the prod overlay deploys: every service as two processes on one database and in
 * the same consumer groups. An agent outage raises abandonment on all three queues of a simulated Connect
 * instance, so one rule fires three alerts of one group (rule and instance), keyed by fingerprint and so spread
 * over the partitions both incidents replicas read. One replica of each service is killed with SIGKILL at the
 * moment its guarantees are hardest to keep, and started again while the other carries on:
 * <ul>
 * <li>alerting: the replica evaluating the story's abandonment series, while the alerts are pending (it writes
 * their state with its partition checkpoint twice a second);</li>
 * <li>metrics-ingest: the replica holding the source's lease, while it polls (after the alerts fired: the other
 * replica's samples must resolve them);</li>
 * <li>incidents: when the incident's first SLA timer has just come due;</li>
 * <li>notifications: in the middle of an HTTP send, Slack hanging on the request.</li>
 * </ul>
 * Then: one incident for the group; each escalation once; every step exactly once in Slack, Teams and
 * ServiceNow; every event committed to an outbox on its topic in commit order for its key; no dead letter.
 */
class TwoReplicaStoryTest {

    private static final Logger LOG = Logger.getLogger(TwoReplicaStoryTest.class);
    /** Simulated minutes per real second ÷ 60: a 15-minute interval closes every 30 seconds. */
    private static final int SPEED = 30;
    private static final String MANAGER = "irene-im";
    /** The incident events of the story, each once. */
    private static final List<String> STORY_EVENTS = List.of("opened", "alert-attached", "alert-attached",
            "escalated", "escalated", "assessed", "mitigated", "resolved", "review-started", "closed");
    private static final Duration STEP = Duration.ofSeconds(120);
    /**
     * The line alerting's evaluator logs when it takes partitions of ops.metrics.v1:
     * {@code 2026-12-06 08:52:07,093 INFO ... alert-evaluator-1a2b evaluates partitions [3, 4, 5]}.
     */
    private static final Pattern EVALUATES = Pattern.compile(
            "(?m)^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3}) .*evaluates partitions \\[([^\\]]*)\\]");
    private static final int METRICS_PARTITIONS = 6;

    private static Platform platform;
    private static Map<String, ServiceProcess> secondReplicas;
    private final List<CompletableFuture<ServiceProcess>> restarts = new ArrayList<>();
    private final Set<ServiceProcess> restarting = ConcurrentHashMap.newKeySet();
    private ConnectSimulator simulator;
    private String sourceId;

    @BeforeAll
    static void startSecondReplicas() {
        platform = Platform.get();
        long started = System.nanoTime();
        secondReplicas = platform.startSecondReplicas();
        LOG.infof("Second replicas of the five services ready in %d s", (System.nanoTime() - started) / 1_000_000_000);
    }

    @AfterAll
    static void stopSecondReplicas() {
        if (secondReplicas != null) {
            platform.stopReplicas(secondReplicas.values());
        }
    }

    @AfterEach
    void stopSimulator() {
        restarts.forEach(CompletableFuture::join);
        if (sourceId != null) {
            asAdmin("metrics-ingest").delete("/api/v1/sources/" + sourceId).then().statusCode(204);
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void oneGroupBecomesOneIncidentToldOnceEverywhereWhileOneReplicaOfEachServiceIsKilledAtItsWorstMoment() {
        EventLedger ledger = EventLedger.start();
        Story story = new Story();

        story.alertsArePending();
        killAndRestart(story.evaluatorOfTheStorysSeries());

        story.alertsOpenOneIncident();
        // Killed after the alerts fired: the surviving replica takes the source over and its samples resolve them.
        killAndRestart(story.leaseHolder());
        killAndRestart(story.incidentsReplicaOnceTheFirstTimerIsDue());
        story.escalatesTwice();

        // Slack hangs on the next request it receives: the notifications replica sending it dies waiting.
        long lastBefore = lastSlackRequest();
        platform.slack.inject(Fault.hang(60_000, 1));
        story.managerAssessesAndMitigates();
        killAndRestart(notificationsReplicaSendingTheRequestAfter(lastBefore));

        story.alertsResolve();
        story.managerResolvesReviewsAndCloses();
        restarts.forEach(CompletableFuture::join);

        story.everyStepReachedEveryoneOnce();
        Map<String, Integer> checked = ledger.assertEveryKeyInCommitOrder();
        LOG.infof("Events checked in commit order, per topic: %s", checked);
        assertThat(checked).containsKeys("ops.metrics.v1", "ops.alerts.v1", "ops.incidents.v1", "ops.deliveries.v1");
        assertThat(ledger.deadLettersSinceStart()).as("records dead-lettered during the story").isEmpty();
    }

    /** SIGKILL now; the start again runs beside the rest of the story, as a restarted pod would. */
    private void killAndRestart(ServiceProcess replica) {
        LOG.infof("Killing %s (pid %d)", replica.name(), replica.pid());
        restarting.add(replica);
        replica.kill();
        restarts.add(CompletableFuture.supplyAsync(() -> {
            replica.restart();
            restarting.remove(replica);
            return replica;
        }, runnable -> new Thread(runnable, "restart-" + replica.name()).start()));
    }

    private static List<ServiceProcess> replicasOf(String service) {
        return List.of(platform.service(service), secondReplicas.get(service));
    }

    /**
     * A request to a replica of {@code service} that is not being restarted, as a Kubernetes Service sends traffic
     * only to ready pods.
     */
    private RequestSpecification as(String service, String user, String role) {
        ServiceProcess live = replicasOf(service).stream().filter(replica -> !restarting.contains(replica))
                .findFirst().orElseThrow();
        return Platform.as(live, user, role);
    }

    private RequestSpecification asAdmin(String service) {
        return as(service, "ada-admin", Roles.ADMIN);
    }

    private static long lastSlackRequest() {
        return platform.slack.received().stream().mapToLong(ReceivedRequest::sequence).max().orElse(0);
    }

    /**
     * The notifications replica in the middle of the hanging Slack send: the one with the Slack sender on a
     * thread's stack (a thread dump through jcmd; an idle keep-alive connection would not tell the two apart).
     */
    private static ServiceProcess notificationsReplicaSendingTheRequestAfter(long lastBefore) {
        await("a request hangs in Slack").atMost(STEP).until(() -> platform.slack.received().stream()
                .anyMatch(r -> r.sequence() > lastBefore && r.answeredStatus() == 0));
        return await("the notifications replica waiting on Slack").atMost(Duration.ofSeconds(25))
                .until(() -> replicasOf("notifications").stream()
                        .filter(replica -> threadDump(replica).contains("SlackSender.")).findFirst()
                        .orElse(null), replica -> replica != null);
    }

    private static String threadDump(ServiceProcess replica) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process dump = new ProcessBuilder(jcmd.toString(), String.valueOf(replica.pid()), "Thread.print")
                    .redirectErrorStream(true).start();
            String threads = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            dump.waitFor();
            return threads;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static <T> T query(String sql, Object parameter, SqlReader<T> reader) {
        try (Connection connection = EventLedger.database();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                return reader.read(rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @FunctionalInterface
    private interface SqlReader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    /** The story on its own Connect instance, rule, channels and route. */
    private final class Story {

        final String id = UUID.randomUUID().toString().substring(0, 8);
        final SimulatedInstance instance;
        final String slackChannel = "#ops-replicas-" + id;
        final String teamsPath = "/workflows/replicas-" + id;
        String ruleId;
        String incidentId;

        Story() {
            simulator = ConnectSimulator.start(0, Scenario.AGENT_OUTAGE).clock(new FastClock(SPEED));
            instance = simulator.instance("e2e-replicas-" + id);
            createRule();
            createChannelsAndRoute();
            registerSource();
        }

        /**
         * Abandonment above 5% on any queue of the instance: one alert per queue, grouped by rule and instance.
         * P4, whose SLAs the platform's incidents processes run short enough to come due during the story.
         */
        private void createRule() {
            ruleId = asAdmin("alerting").contentType(ContentType.JSON).body(Map.ofEntries(
                    Map.entry("name", "Abandonment rate above 5% on any queue (" + id + ")"),
                    Map.entry("metric", "abandonment_rate"),
                    Map.entry("instanceId", instance.instanceId()),
                    Map.entry("aggregation", "LAST"),
                    Map.entry("comparator", "GT"),
                    Map.entry("threshold", 5),
                    Map.entry("forDuration", "PT15M"),
                    Map.entry("keepFiringFor", "PT5M"),
                    Map.entry("noData", "RESOLVE"),
                    Map.entry("severity", "P4"),
                    Map.entry("labels", Map.of("story", id)),
                    Map.entry("summary", "Callers hang up on every queue while agents drop out (" + id + ")"),
                    Map.entry("description", "Agents go offline one a minute; every queue backs up."),
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
            asAdmin("notifications").contentType(ContentType.JSON).body(Map.of(
                    "name", "Replica story incidents " + id,
                    "eventTypes", List.of("connectops.incident.*"),
                    "queues", instance.queueIds(),
                    "channelIds", List.of(slack, teams, serviceNow),
                    "continue", true))
                    .post("/api/v1/routes").then().statusCode(201);
        }

        private String createChannel(Map<String, Object> channel) {
            return asAdmin("notifications").contentType(ContentType.JSON).body(channel)
                    .post("/api/v1/channels").then().statusCode(201).extract().path("id");
        }

        private void registerSource() {
            sourceId = asAdmin("metrics-ingest").contentType(ContentType.JSON).body(Map.of(
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

        /** The metrics-ingest replica that holds the source's lease (owner id {@code host:port}) and has polled. */
        ServiceProcess leaseHolder() {
            String owner = await("a replica leases the source and polls it").atMost(STEP)
                    .until(() -> query("SELECT l.owner_id FROM ingest.source_lease l WHERE l.source_id = ? "
                            + "AND l.expires_at >= now() AND EXISTS (SELECT 1 FROM ingest.outbox_event o "
                            + "WHERE o.topic = 'ops.metrics.v1' AND o.record_key LIKE '" + instance.instanceId() + "/%')",
                            UUID.fromString(sourceId), rows -> rows.next() ? rows.getString(1) : null),
                            o -> o != null);
            return replicasOf("metrics-ingest").stream().filter(r -> owner.endsWith(":" + r.port())).findFirst()
                    .orElseThrow(() -> new AssertionError("No metrics-ingest replica is the lease owner " + owner));
        }

        void alertsArePending() {
            await("the alerts are pending").atMost(STEP).untilAsserted(() ->
                    assertThat(alerts()).extracting(a -> a.get("state")).contains("PENDING")
                            .doesNotContain("FIRING"));
        }

        /**
         * The alerting replica whose evaluator holds the partition of the story's first abandonment series, as
         * its log says: samples are keyed by series, and the evaluator assigned a partition checkpoints its
         * series' state (the pending alerts among them) with the partition's offset.
         */
        ServiceProcess evaluatorOfTheStorysSeries() {
            // Series keys are instance/queue[/channel]/metric (MetricSample.seriesKey).
            String seriesKey = query("SELECT record_key FROM ingest.outbox_event WHERE topic = 'ops.metrics.v1' "
                    + "AND record_key LIKE ? ORDER BY seq LIMIT 1", instance.instanceId() + "/%/abandonment_rate",
                    rows -> rows.next() ? rows.getString(1) : null);
            assertThat(seriesKey).as("an abandonment sample of the story's instance").isNotNull();
            int partition = Utils.toPositive(Utils.murmur2(seriesKey.getBytes(StandardCharsets.UTF_8)))
                    % METRICS_PARTITIONS;
            // A partition that moves is logged by the replica that receives it, never by the one that gives it up:
            // the latest line naming the partition names its evaluator.
            return replicasOf("alerting").stream()
                    .max(Comparator.comparing(r -> lastAssignmentOf(r, partition)))
                    .filter(r -> !lastAssignmentOf(r, partition).isEmpty())
                    .orElseThrow(() -> new AssertionError("No alerting replica logs partition " + partition));
        }

        /** When {@code replica} last logged taking {@code partition} (its log's timestamp), or "" if never. */
        private static String lastAssignmentOf(ServiceProcess replica, int partition) {
            String log;
            try {
                log = Files.readString(replica.log(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Matcher line = EVALUATES.matcher(log);
            String last = "";
            while (line.find()) {
                boolean named = Stream.of(line.group(2).split(",")).map(String::trim)
                        .anyMatch(String.valueOf(partition)::equals);
                if (named && line.group(1).compareTo(last) > 0) {
                    last = line.group(1);
                }
            }
            return last;
        }

        void alertsOpenOneIncident() {
            await("three alerts fire").atMost(STEP).untilAsserted(() ->
                    assertThat(alerts()).extracting(a -> a.get("state"))
                            .containsExactly("FIRING", "FIRING", "FIRING"));
            await("the group opens an incident").atMost(STEP).untilAsserted(() ->
                    assertThat(incidentsOfTheStory()).hasSize(1));
            incidentId = incidentsOfTheStory().get(0).get("id").toString();
        }

        /** An incidents replica, killed as the incident's first SLA timer comes due on the database's clock. */
        ServiceProcess incidentsReplicaOnceTheFirstTimerIsDue() {
            await("the first SLA timer is due").atMost(STEP).pollInterval(Duration.ofMillis(100))
                    .until(() -> query("SELECT count(*) FROM incidents.incident_timer WHERE incident_id = ? "
                            + "AND due_at <= now()", UUID.fromString(incidentId),
                            rows -> rows.next() && rows.getLong(1) > 0));
            return platform.service("incidents");
        }

        void escalatesTwice() {
            await("both escalation levels").atMost(EscalationAfterRestartTest.P4_RESOLVE_SLA.plus(STEP))
                    .until(() -> as("incidents", "vera", Roles.VIEWER)
                            .get("/api/v1/incidents/" + incidentId).then().statusCode(200)
                            .extract().<Integer>path("escalationLevel") == 2);
        }

        void managerAssessesAndMitigates() {
            manager().contentType(ContentType.JSON).body(Map.of("severity", "P4",
                    "impact", "Callers on every queue wait; a third of them hang up",
                    "summary", "An SSO outage logs agents out one by one",
                    "commander", MANAGER))
                    .post("/api/v1/incidents/" + incidentId + "/assess").then().statusCode(200);
            manager().contentType(ContentType.JSON)
                    .body(Map.of("mitigation", "Agents log in through the break-glass account"))
                    .post("/api/v1/incidents/" + incidentId + "/mitigate").then().statusCode(200);
        }

        void alertsResolve() {
            instance.scenario(Scenario.NORMAL_DAY);
            await("the three alerts resolve").atMost(STEP).untilAsserted(() ->
                    assertThat(alerts()).extracting(a -> a.get("state"))
                            .containsExactly("RESOLVED", "RESOLVED", "RESOLVED"));
        }

        void managerResolvesReviewsAndCloses() {
            manager().contentType(ContentType.JSON).body(Map.of("resolution", "Agents back; queues drained"))
                    .post("/api/v1/incidents/" + incidentId + "/resolve").then().statusCode(200);
            manager().contentType(ContentType.JSON).body(Map.of(
                    "summary", "An SSO outage logged agents out for 20 minutes",
                    "rootCause", "An expired signing certificate at the identity provider",
                    "contributingFactors", List.of("No alert on the certificate's expiry"),
                    "impactDuration", "PT20M",
                    "contactsAffected", 300,
                    "wentWell", "One incident for every queue, told once",
                    "wentBadly", "Agents were logged out before anyone noticed",
                    "preventiveActions", List.of(Map.of("description", "Alert 30 days before a certificate expires",
                            "owner", "identity-team", "dueDate", LocalDate.now().plusDays(14).toString()))))
                    .put("/api/v1/incidents/" + incidentId + "/review").then().statusCode(200);
            manager().contentType(ContentType.JSON).body(Map.of("note", "Review held"))
                    .post("/api/v1/incidents/" + incidentId + "/start-review").then().statusCode(200);
            manager().contentType(ContentType.JSON).body(Map.of("note", "Closed after review"))
                    .post("/api/v1/incidents/" + incidentId + "/close").then().statusCode(200)
                    .body("status", Matchers.equalTo("CLOSED"));
        }

        /**
         * Opened, the group's two other alerts attached, escalated twice, assessed, mitigated, resolved, review
         * started, closed: each reaches Slack, Teams and ServiceNow once, and the group is one incident.
         */
        void everyStepReachedEveryoneOnce() {
            assertThat(incidentsOfTheStory()).as("incidents of the alert group").singleElement()
                    .satisfies(incident -> assertThat(incident.get("id")).isEqualTo(incidentId));
            // A group's alerts are announced as they fire: the last may attach at the group's next announcement.
            assertThat(committedIncidentEvents()).as("events incidents committed for the incident")
                    .containsExactlyInAnyOrderElementsOf(STORY_EVENTS.stream()
                            .map(change -> "connectops.incident." + change + ".v1").toList());
            int events = STORY_EVENTS.size();
            await("every step delivered").atMost(STEP).untilAsserted(() -> {
                assertThat(platform.slack.messagesIn(slackChannel)).hasSize(events);
                assertThat(platform.teams.received(teamsPath)).filteredOn(r -> r.answeredStatus() == 202)
                        .hasSize(events);
                assertThat(serviceNowRecords()).hasSize(1);
                assertThat(platform.serviceNow.workNotes(serviceNowRecords().get(0).get("sys_id").toString()))
                        .hasSize(events);
                assertThat(deliveries()).hasSize(3 * events).allMatch(d -> "DELIVERED".equals(d.get("status")));
            });
            List<SlackFake.Message> thread = platform.slack.messagesIn(slackChannel);
            assertThat(thread.subList(1, thread.size())).allMatch(m -> thread.get(0).ts().equals(m.threadTs()));

            // The alerts' resolutions travel ops.alerts.v1 apart from the manager's steps: a consumer group that
            // rebalances around a restarted replica may record them after the incident closed.
            await("the three resolved alerts on the timeline").atMost(STEP).untilAsserted(() -> assertThat(
                    timeline()).filteredOn(e -> "ALERT_RESOLVED".equals(e.get("kind"))).hasSize(3));
            List<Map<String, Object>> timeline = timeline();
            assertThat(timeline).filteredOn(e -> "OPENED".equals(e.get("kind"))).hasSize(1);
            assertThat(timeline).filteredOn(e -> "ALERT_ATTACHED".equals(e.get("kind"))).hasSize(3);
            assertThat(timeline).filteredOn(e -> "ESCALATED".equals(e.get("kind"))).extracting(e -> e.get("text"))
                    .satisfiesExactly(
                            first -> assertThat(first.toString()).contains("escalated to engineering (level 1)"),
                            second -> assertThat(second.toString()).contains("to vendor-support (level 2)"));
            assertThat(timeline).filteredOn(e -> "ALERT_RESOLVED".equals(e.get("kind"))).hasSize(3);
        }

        private List<Map<String, Object>> timeline() {
            return as("incidents", "vera", Roles.VIEWER).queryParam("size", 200)
                    .get("/api/v1/incidents/" + incidentId + "/timeline").then().statusCode(200).extract()
                    .jsonPath().getList("items");
        }

        private List<String> committedIncidentEvents() {
            return query("SELECT event_type FROM incidents.outbox_event WHERE topic = 'ops.incidents.v1' "
                    + "AND record_key = ? ORDER BY seq", incidentId, rows -> {
                        List<String> types = new ArrayList<>();
                        while (rows.next()) {
                            types.add(rows.getString(1));
                        }
                        return types;
                    });
        }

        private List<Map<String, Object>> alerts() {
            return as("alerting", "vera", Roles.VIEWER).queryParam("ruleId", ruleId)
                    .get("/api/v1/alerts").then().statusCode(200).extract().jsonPath().getList("items");
        }

        /** Incidents whose title names the story (the rule's summary carries its id). */
        private List<Map<String, Object>> incidentsOfTheStory() {
            return as("incidents", "vera", Roles.VIEWER).queryParam("q", id)
                    .get("/api/v1/incidents").then().statusCode(200).extract().jsonPath().getList("items");
        }

        private List<Map<String, Object>> serviceNowRecords() {
            return platform.serviceNow.incidents().stream()
                    .filter(r -> ("connectops:incident:" + incidentId).equals(r.get("correlation_id"))).toList();
        }

        private List<Map<String, Object>> deliveries() {
            return asAdmin("notifications").queryParam("incidentId", incidentId).queryParam("size", 100)
                    .get("/api/v1/deliveries").then().statusCode(200).extract().jsonPath().getList("items");
        }

        private RequestSpecification manager() {
            return as("incidents", MANAGER, Roles.INCIDENT_MANAGER);
        }
    }
}
