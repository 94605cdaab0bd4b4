package io.connectops.e2e;

import static io.restassured.RestAssured.given;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import io.connectops.fakes.ServiceNowFake;
import io.connectops.fakes.SlackFake;
import io.connectops.fakes.TeamsFake;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * The five services as separate processes, started once for every end-to-end test class of the run (starting them
 * is most of the module's time), and the Slack, Teams and ServiceNow fakes they deliver to, in this JVM so that
 * tests read what each received. Tests share the platform but never each other's data: each uses its own Connect
 * instance, queue, alert rule, channels and route.
 */
final class Platform {

    static final String SLACK_TOKEN = "xoxb-e2e";
    static final String SERVICENOW_USER = "connectops-e2e";
    static final String SERVICENOW_PASSWORD = "e2e-password";
    /** 32 random bytes, base64: the AES-256 key notifications seals channel secrets with in this run. */
    private static final String CHANNEL_SECRET_KEY = randomKey();

    private static final List<String> SCHEMAS = List.of("ingest", "alerting", "incidents", "scheduling",
            "notifications");

    private static Platform started;

    final SlackFake slack = new SlackFake(SLACK_TOKEN);
    final TeamsFake teams = new TeamsFake();
    final ServiceNowFake serviceNow = new ServiceNowFake(SERVICENOW_USER, SERVICENOW_PASSWORD);
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final List<ServiceProcess> replicas = new CopyOnWriteArrayList<>();

    private Platform() {
    }

    /** The running platform, started on first use and stopped when the test JVM exits. */
    static synchronized Platform get() {
        if (started == null) {
            Platform platform = new Platform();
            Runtime.getRuntime().addShutdownHook(new Thread(platform::stop, "e2e-platform-stop"));
            platform.start();
            started = platform;
        }
        return started;
    }

    private void start() {
        Stage.PLATFORM.startFromScratch(SCHEMAS);
        slack.start(0);
        teams.start(0);
        serviceNow.start(0);
        // Services start one after the other: on two cores, five JVMs booting at once take longer than in sequence.
        services.put("metrics-ingest", ServiceProcess.start("metrics-ingest", Map.of(
                // The sources the tests register use the default AWS credentials chain; the simulator ignores them.
                "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "simulator-secret",
                // The production profile runs here: it needs its SNS topics named, and the simulator is on loopback.
                "CONNECTOPS_INGEST_SNS_ALLOWED_TOPIC_ARNS", "arn:aws:sns:us-east-1:123456789012:connect-alarms",
                "CONNECTOPS_INGEST_ENDPOINT_OVERRIDE_ALLOW_LOCAL_ADDRESSES", "true")));
        services.put("alerting", ServiceProcess.start("alerting", Map.of(
                // Each test fast-forwards its own simulator, so one partition's event time can run far ahead of a
                // series another test feeds; that must not read as "no data" for the slower series.
                "CONNECTOPS_ALERTING_EVALUATION_NO_DATA_AFTER", "P3650D",
                "CONNECTOPS_ALERTING_EVALUATION_CHECKPOINT_INTERVAL", "PT0.5S")));
        services.put("incidents", ServiceProcess.start("incidents", Map.of(), Map.of(
                // P4 is the severity no story uses: EscalationAfterRestartTest gives it SLAs short enough to wait for.
                "connectops.incidents.sla.P4.assess", EscalationAfterRestartTest.P4_ASSESS_SLA.toString(),
                "connectops.incidents.sla.P4.resolve", EscalationAfterRestartTest.P4_RESOLVE_SLA.toString(),
                // TwoReplicaStoryTest's P4 alerts open an incident, whose SLA timers come due during its story.
                "connectops.incidents.alerts.open-severities", "P1,P2,P4")));
        services.put("notifications", ServiceProcess.start("notifications", Map.of(
                // The fakes listen on 127.0.0.1, which the production allow-list refuses.
                "CONNECTOPS_NOTIFICATIONS_OUTBOUND_ALLOWED_HOSTS", "127.0.0.1",
                "CONNECTOPS_NOTIFICATIONS_OUTBOUND_ALLOW_PRIVATE_ADDRESSES", "true",
                "CONNECTOPS_NOTIFICATIONS_PACING_SLACK_PER_SECOND", "20",
                "CONNECTOPS_NOTIFICATIONS_PACING_TEAMS_PER_SECOND", "20",
                "CONNECTOPS_NOTIFICATIONS_WORKER_POLL_INTERVAL", "0.1s",
                // A receiver may keep a send waiting this long: long enough for TwoReplicaStoryTest to find the
                // process waiting on a hanging Slack and kill it mid-send on a busy machine.
                "CONNECTOPS_NOTIFICATIONS_OUTBOUND_REQUEST_TIMEOUT", "PT30S",
                // A delivery whose process died mid-send is claimed again after this (PT2M in production); longer
                // than a send may last, so a live sender never loses its claim.
                "CONNECTOPS_NOTIFICATIONS_WORKER_CLAIM_TIMEOUT", "PT40S",
                // Channel secrets are sealed with this key; the restarted process must open what the first sealed.
                "CONNECTOPS_NOTIFICATIONS_SECRET_KEY", CHANNEL_SECRET_KEY)));
        // Scheduling is not on the incident story's path, but the platform is all five services.
        services.put("scheduling", ServiceProcess.start("scheduling", Map.of()));
        removeDefaultRules();
        removeDefaultRoutes();
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** The broker the services of this suite use (not the one of the modules' tests). */
    static String kafkaBootstrapServers() {
        return Stage.PLATFORM.bootstrapServers();
    }

    ServiceProcess service(String name) {
        return services.get(name);
    }

    /**
     * A second process of every service, with the configuration of the first, as the deployments' replicas run:
     * same database, same consumer groups. Started together (each waits mostly on its database migrations and
     * broker joins); stopped with the platform unless {@link #stopReplicas} comes first.
     */
    Map<String, ServiceProcess> startSecondReplicas() {
        Map<String, ServiceProcess> second = new LinkedHashMap<>();
        services.forEach((name, first) -> second.put(name, first.replica(2)));
        replicas.addAll(second.values());
        // The common pool has one thread on two cores: the replicas get a thread each.
        ExecutorService starter = Executors.newFixedThreadPool(second.size());
        try {
            List<CompletableFuture<ServiceProcess>> starting = second.values().stream()
                    .map(replica -> CompletableFuture.supplyAsync(replica::start, starter)).toList();
            CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
        } finally {
            starter.shutdown();
        }
        return second;
    }

    void stopReplicas(Collection<ServiceProcess> stopping) {
        stopAll(stopping);
        replicas.removeAll(stopping);
    }

    String url(String service) {
        return services.get(service).baseUrl();
    }

    /** A request to {@code service} with a signed token of a person holding {@code role}. */
    RequestSpecification as(String service, String user, String role) {
        return as(services.get(service), user, role);
    }

    /** As {@link #as(String, String, String)}, to one process of a service. */
    static RequestSpecification as(ServiceProcess process, String user, String role) {
        return given().baseUri(process.baseUrl())
                .header("Authorization", TestTokens.bearer(TestTokens.forUser(user, role)));
    }

    RequestSpecification asAdmin(String service) {
        return as(service, "ada-admin", Roles.ADMIN);
    }

    /** A channel on the Slack fake's {@code slackChannel}, and a route {@code name} of the incidents of {@code queues}. */
    void routeIncidentsToSlack(String name, String slackChannel, List<String> queues) {
        String slack = asAdmin("notifications").contentType(ContentType.JSON).body(Map.of(
                "name", "Slack " + name, "type", "SLACK",
                "settings", Map.of("channel", slackChannel, "apiUrl", this.slack.baseUrl() + "/api"),
                "secrets", Map.of("botToken", SLACK_TOKEN)))
                .post("/api/v1/channels").then().statusCode(201).extract().path("id");
        asAdmin("notifications").contentType(ContentType.JSON).body(Map.of(
                "name", name,
                "eventTypes", List.of("connectops.incident.*"),
                "queues", queues,
                "channelIds", List.of(slack)))
                .post("/api/v1/routes").then().statusCode(201);
    }

    /**
     * The default rules watch every instance: on a surging queue they would open incidents of their own beside the
     * one each story is about. The stories bring their own rules, scoped to their instance and queue.
     */
    private void removeDefaultRules() {
        List<Map<String, Object>> rules = asAdmin("alerting").queryParam("size", 100).get("/api/v1/rules")
                .then().statusCode(200).extract().jsonPath().getList("items");
        for (Map<String, Object> rule : rules) {
            if (Boolean.TRUE.equals(rule.get("seeded"))) {
                asAdmin("alerting").delete("/api/v1/rules/" + rule.get("id")).then().statusCode(204);
            }
        }
    }

    /**
     * The default routes send every incident and alert to every channel of a type: each story's channels would get
     * the other stories' messages. The stories route their own incidents to their own channels.
     */
    private void removeDefaultRoutes() {
        List<String> routes = asAdmin("notifications").queryParam("size", 200).get("/api/v1/routes")
                .then().statusCode(200).extract().jsonPath().getList("items.id");
        for (String route : routes) {
            asAdmin("notifications").delete("/api/v1/routes/" + route).then().statusCode(204);
        }
    }

    private void stop() {
        List<ServiceProcess> running = new ArrayList<>(replicas);
        running.addAll(services.values());
        stopAll(running);
        slack.close();
        teams.close();
        serviceNow.close();
    }

    /**
     * SIGTERM to all at once, then SIGKILL to those still running after 20 s: surefire kills this JVM 30 s after
     * the tests end, and a service left running would stay in the consumer groups of the next run.
     */
    private static void stopAll(Collection<ServiceProcess> stopping) {
        stopping.forEach(ServiceProcess::terminate);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> stopping.stream().noneMatch(ServiceProcess::isAlive));
        } catch (ConditionTimeoutException e) {
            // Those still running are killed below.
        }
        stopping.stream().filter(ServiceProcess::isAlive).forEach(ServiceProcess::kill);
    }
}
