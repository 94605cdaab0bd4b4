package io.connectops.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.RealServers;
import io.connectops.platform.testing.TestTokens;
import io.connectops.simulator.ConnectSimulator;
import io.connectops.simulator.FastClock;
import io.connectops.simulator.Scenario;
import io.connectops.simulator.SimulatedInstance;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Every rule alerting seeds fires once and resolves once on the input that would trigger it in production, through
 * the real path: the Connect simulator's real-time and interval metrics and its CloudWatch GetMetricData, pushed
 * samples, and scheduling's staffing gap from the agents' states the simulator reports → metrics-ingest or
 * scheduling → ops.metrics.v1 → alerting → ops.alerts.v1, read from the broker. The default rules watch every
 * instance, so these services run on a broker and database of their own ({@link Stage#DEFAULT_RULES}), not the
 * stories' platform (which deletes them).
 *
 * <p>One simulated day drives the Connect and CloudWatch rules together: a call surge on a {@link FastClock} at
 * {@value #SPEED} times real speed (the rules' own durations, measured on the samples' time, are kept), held until
 * every surge rule fired, then a normal day until each resolved. Three settings differ from production, said here:
 * the staffing-gap rule's forDuration and keepFiringFor are shortened through the rules API (scheduling stamps its
 * samples on the wall clock, every 5 s here instead of 5 min), inhibition is off (the surge's P1 alerts would
 * otherwise hide the P2 and P3 alerts of the same instance, which is inhibition's job, tested in alerting), and no data
 * counts after 30 minutes of the instance's time instead of 10 (at 60x a stall of this shared machine would read as
 * missing CloudWatch minutes). Each alert must fire on its threshold and resolve because it is no longer crossed.
 *
 * <p>For each rule it prints how late its input reaches the topic after the time the input is about (a snapshot's
 * time, the end of an interval or CloudWatch minute, the start of scheduling's period), on the simulator's clock:
 * the figures production would see.
 */
class DefaultRulesFireTest {

    private static final int SPEED = 60;
    private static final Stage STAGE = Stage.DEFAULT_RULES;
    private static final Duration DAY_LIMIT = Duration.ofMinutes(8);

    /** Where a rule's input comes from in production. */
    enum Input {
        CONNECT_REALTIME("simulator GetCurrentMetricData -> metrics-ingest"),
        CONNECT_INTERVAL("simulator GetMetricDataV2 (15-min intervals) -> metrics-ingest"),
        CLOUDWATCH("simulator CloudWatch GetMetricData -> metrics-ingest"),
        PUSH("POST /api/v1/metrics on metrics-ingest"),
        SCHEDULING("simulator GetCurrentUserData -> metrics-ingest -> scheduling gap");

        final String path;

        Input(String path) {
            this.path = path;
        }
    }

    record Case(String ruleId, String metric, Input input) {
        @Override
        public String toString() {
            return ruleId;
        }
    }

    static final List<Case> CASES = List.of(
            new Case("default-abandonment-rate", "abandonment_rate", Input.CONNECT_INTERVAL),
            new Case("default-service-level", "service_level", Input.CONNECT_INTERVAL),
            new Case("default-agent-occupancy", "agent_occupancy", Input.CONNECT_INTERVAL),
            new Case("default-oldest-contact-age", "oldest_contact_age", Input.CONNECT_REALTIME),
            new Case("default-contact-flow-errors", "contact_flow_errors", Input.CLOUDWATCH),
            new Case("default-ivr-outage", "contact_flow_fatal_errors", Input.CLOUDWATCH),
            new Case("default-lambda-errors", "lambda_errors", Input.CLOUDWATCH),
            new Case("default-lex-recognition-errors", "lex_recognition_errors", Input.CLOUDWATCH),
            new Case("default-dynamodb-throttling", "dynamodb_throttled_requests", Input.CLOUDWATCH),
            new Case("default-concurrent-calls-quota", "concurrent_calls_percentage", Input.CLOUDWATCH),
            new Case("default-call-volume-growth", "concurrent_calls_percentage", Input.CLOUDWATCH),
            new Case("default-api-call-failures", "api_call_failures", Input.PUSH),
            new Case("default-ivr-response-time", "ivr_response_time", Input.PUSH),
            new Case("default-negative-sentiment", "negative_sentiment_rate", Input.PUSH),
            new Case("default-staffing-gap", "staffing_gap", Input.SCHEDULING));

    private static final List<ServiceProcess> services = new ArrayList<>();
    private static boolean brokerStartedHere;
    private static TopicLog topics;
    private static ConnectSimulator simulator;
    /** The contact center of the staffing group, on the wall clock: scheduling reads agents' states on it. */
    private static ConnectSimulator gapSimulator;
    private static FastClock clock;
    private static Instant wallStart;
    private static Instant simStart;
    private static final String run = UUID.randomUUID().toString().substring(0, 8);
    private static final String contactCenter = "rules-" + run;
    private static final String pushingClient = "rules-push-" + run;
    private static final String gapInstance = "rules-gap-" + run;
    private static ExecutorService drivers;
    private static final List<CompletableFuture<Void>> driving = new ArrayList<>();

    @BeforeAll
    static void startServicesAndTheDay() {
        brokerStartedHere = !RealServers.answers(STAGE.kafkaPort());
        STAGE.startFromScratch(List.of("ingest", "alerting", "scheduling"));
        services.add(ServiceProcess.start(STAGE, "metrics-ingest", Map.of(
                "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "simulator-secret",
                "CONNECTOPS_INGEST_SNS_ALLOWED_TOPIC_ARNS", "arn:aws:sns:us-east-1:123456789012:connect-alarms",
                "CONNECTOPS_INGEST_ENDPOINT_OVERRIDE_ALLOW_LOCAL_ADDRESSES", "true"), Map.of()));
        services.add(ServiceProcess.start(STAGE, "alerting", Map.of(
                "CONNECTOPS_ALERTING_INHIBITION_ENABLED", "false",
                // At 60x a 10-second stall of a loaded machine is 10 minutes of the instance's time, long enough for
                // its CloudWatch series (read minutes behind its real-time ones) to count as no data (PT10M).
                "CONNECTOPS_ALERTING_EVALUATION_NO_DATA_AFTER", "PT30M"), Map.of()));
        services.add(ServiceProcess.start(STAGE, "scheduling", Map.of(
                "CONNECTOPS_SCHEDULING_ADHERENCE_JOB", "5s",
                "CONNECTOPS_SCHEDULING_ADHERENCE_PUBLISH_EVERY", "5s"), Map.of()));
        topics = TopicLog.start(STAGE.bootstrapServers());
        // Scheduling stamps its samples on the wall clock every 5 s: the default 15 minutes would be 180 samples.
        Map<String, Object> gapRule = new HashMap<>(admin("alerting").get("/api/v1/rules/default-staffing-gap")
                .then().statusCode(200).extract().jsonPath().getMap("$"));
        List.of("id", "seeded", "createdAt", "updatedAt").forEach(gapRule::remove);
        gapRule.put("forDuration", "PT15S");
        gapRule.put("keepFiringFor", "PT5S");
        admin("alerting").contentType(ContentType.JSON).body(gapRule).put("/api/v1/rules/default-staffing-gap")
                .then().statusCode(200).body("forDuration", equalTo("PT15S"));

        clock = new FastClock(SPEED);
        wallStart = Instant.now();
        simStart = clock.instant();
        drivers = Executors.newFixedThreadPool(3);
        driving.add(CompletableFuture.runAsync(DefaultRulesFireTest::surgeThenNormalDay, drivers));
        driving.add(CompletableFuture.runAsync(DefaultRulesFireTest::pushBreachThenRecovery, drivers));
        driving.add(CompletableFuture.runAsync(DefaultRulesFireTest::groupLosesItsAgentsThenGetsThemBack, drivers));
    }

    @AfterAll
    static void stopEverything() {
        if (topics != null) {
            printLateness();
        }
        if (drivers != null) {
            drivers.shutdownNow();
        }
        if (simulator != null) {
            simulator.close();
        }
        if (gapSimulator != null) {
            gapSimulator.close();
        }
        services.forEach(ServiceProcess::terminate);
        services.forEach(ServiceProcess::stop);
        if (topics != null) {
            topics.close();
        }
        if (brokerStartedHere) {
            // A broker of its own for this class only: the next run starts it fresh.
            STAGE.stopBroker();
        }
    }

    static Stream<Case> cases() {
        return CASES.stream();
    }

    @ParameterizedTest(name = "{0} fires once and resolves once")
    @MethodSource("cases")
    void eachDefaultRuleFiresOnceAndResolvesOnceOnItsProductionInput(Case rule) {
        try {
            await(rule.ruleId() + " resolved").atMost(DAY_LIMIT).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        driving.stream().filter(CompletableFuture::isCompletedExceptionally).findFirst()
                                .ifPresent(CompletableFuture::join);
                        return topics.announced(rule.ruleId()).contains("RESOLVED");
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(rule.ruleId() + " did not fire and resolve; announced: "
                    + topics.announced(rule.ruleId()) + "; samples of " + rule.metric() + ": "
                    + topics.samples(rule.metric()).size(), e);
        }
        assertThat(topics.announced(rule.ruleId())).as("%s on ops.alerts.v1", rule.ruleId())
                .containsExactly("FIRING", "RESOLVED");
        assertThat(topics.reasons(rule.ruleId())).as("why %s fired and resolved", rule.ruleId())
                .containsExactly("threshold", "threshold no longer crossed");
        assertThat(topics.fingerprints(rule.ruleId())).as("one alert of %s", rule.ruleId()).hasSize(1);
    }

    @Test
    void noDefaultRuleLacksACase() {
        List<Map<String, Object>> rules = admin("alerting").queryParam("size", 100).get("/api/v1/rules")
                .then().statusCode(200).extract().jsonPath().getList("items");
        Set<String> seeded = rules.stream().filter(rule -> Boolean.TRUE.equals(rule.get("seeded")))
                .map(rule -> (String) rule.get("id")).collect(Collectors.toSet());
        assertThat(seeded).hasSizeGreaterThanOrEqualTo(15);
        assertThat(CASES.stream().map(Case::ruleId).collect(Collectors.toSet())).isEqualTo(seeded);
        for (Map<String, Object> rule : rules) {
            if (seeded.contains(rule.get("id"))) {
                assertThat(CASES).as("the case of %s names its metric", rule.get("id"))
                        .contains(new Case((String) rule.get("id"), (String) rule.get("metric"),
                                caseOf((String) rule.get("id")).input()));
            }
        }
    }

    private static Case caseOf(String ruleId) {
        return CASES.stream().filter(c -> c.ruleId().equals(ruleId)).findFirst()
                .orElseThrow(() -> new AssertionError("no case for " + ruleId));
    }

    // ------------------------------------------------------------------ the Connect and CloudWatch day

    /**
     * A call surge on the simulated instance (abandonment and waits grow, occupancy rises, flows, Lambda, Lex and
     * DynamoDB fail, concurrent calls near the quota) until every rule on it fired, then a normal day. The IVR's
     * fatal errors are the one input the scenario lacks: CloudWatch reports one a minute until the outage fired.
     */
    private static void surgeThenNormalDay() {
        simulator = ConnectSimulator.start(0, Scenario.CALL_SURGE).clock(clock);
        SimulatedInstance instance = simulator.instance(contactCenter);
        simulator.cloudWatchValue("AWS/Connect/ContactFlowFatalErrors", 1.0);
        admin("metrics-ingest").contentType(ContentType.JSON).body(Map.of(
                "name", "Default rules " + run,
                "instanceArn", instance.arn(),
                "queueIds", instance.queueIds(),
                "channels", List.of("VOICE"),
                "currentMetricsInterval", "PT1S",
                "intervalMetricsInterval", "PT1S",
                "agentStatesInterval", "P1D",
                "credentialsRef", "default",
                "endpointOverride", simulator.endpoint().toString(),
                "cloudWatch", Map.of("lambdaFunctions", List.of("flow-lookup"), "lexBots", List.of("callerbot"),
                        "dynamoDbTables", List.of("customers"), "interval", "PT1S",
                        "endpointOverride", simulator.endpoint().toString())))
                .post("/api/v1/sources").then().statusCode(201);
        List<String> surgeRules = CASES.stream().filter(c -> c.input() != Input.PUSH && c.input() != Input.SCHEDULING)
                .map(Case::ruleId).toList();
        await("the outage fired").atMost(DAY_LIMIT).pollInterval(Duration.ofMillis(200))
                .until(() -> topics.announced("default-ivr-outage").contains("FIRING"));
        simulator.cloudWatchScenario();
        await("every surge rule fired").atMost(DAY_LIMIT).pollInterval(Duration.ofMillis(200))
                .until(() -> surgeRules.stream().allMatch(rule -> topics.announced(rule).contains("FIRING")));
        simulator.scenario(Scenario.NORMAL_DAY);
    }

    // ------------------------------------------------------------------ pushed samples

    /**
     * A client (a CRM bridge, the IVR's own probes) pushes the last three hours it buffered, a sample a minute of
     * each metric: an hour and a half of breach, then, once the alerts fired, the recovery after it.
     */
    private static void pushBreachThenRecovery() {
        Instant first = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(3));
        push(first, 0, 90, true);
        await("the pushed breaches fired").atMost(DAY_LIMIT).pollInterval(Duration.ofMillis(200))
                .until(() -> Stream.of("default-api-call-failures", "default-ivr-response-time",
                        "default-negative-sentiment").allMatch(rule -> topics.announced(rule).contains("FIRING")));
        push(first, 90, 180, false);
    }

    private static void push(Instant first, int fromMinute, int toMinute, boolean breach) {
        for (int batch = fromMinute; batch < toMinute; batch += 10) {
            List<Map<String, Object>> samples = new ArrayList<>();
            for (int minute = batch; minute < Math.min(toMinute, batch + 10); minute++) {
                String at = first.plus(Duration.ofMinutes(minute)).toString();
                samples.add(sample("api_call_failures", breach ? 4 : 0, "COUNT", at));
                samples.add(sample("ivr_response_time", breach ? 2600 : 700, "MILLISECONDS", at));
                samples.add(sample("negative_sentiment_rate", breach ? 45 : 10, "PERCENT", at));
            }
            Instant pushedAt = Instant.now();
            given().baseUri(service("metrics-ingest").baseUrl())
                    .header("Authorization", TestTokens.bearer(TestTokens.forClient("crm-bridge", Roles.INGEST)))
                    .contentType(ContentType.JSON).body(Map.of("samples", samples))
                    .post("/api/v1/metrics").then().statusCode(202);
            samples.forEach(s -> topics.pushedAt(Instant.parse((String) s.get("timestamp")), pushedAt));
        }
    }

    private static Map<String, Object> sample(String metric, double value, String unit, String at) {
        return Map.of("instanceId", pushingClient, "queueId", "q-ivr", "metric", metric, "value", value,
                "unit", unit, "timestamp", at);
    }

    // ------------------------------------------------------------------ scheduling's staffing gap

    /**
     * A staffing group of three agents of a simulated contact center with a published schedule that needs three of
     * them now. All three are available (gap 0), then all three go offline in Connect (gap -3: the rule's breach),
     * then come back. The simulator reports each status with the time the agent entered it; metrics-ingest's
     * agent-state poller publishes the changes on ops.agent-events.v1, where scheduling reads them. This contact
     * center runs on the wall clock, as scheduling does, and its agents have ids of their own (the surge's instance
     * has agents too, and scheduling knows agents by their Connect id).
     */
    private static void groupLosesItsAgentsThenGetsThemBack() {
        gapSimulator = ConnectSimulator.start(0, Scenario.NORMAL_DAY);
        SimulatedInstance center = gapSimulator.instance(gapInstance, "gap-" + run);
        String queue = center.queueIds().get(0);
        // Agent states every second; the queue's metrics once (a normal day, which breaches no rule).
        admin("metrics-ingest").contentType(ContentType.JSON).body(Map.of(
                "name", "Staffing group " + run,
                "instanceArn", center.arn(),
                "queueIds", List.of(queue),
                "channels", List.of("VOICE"),
                "currentMetricsInterval", "P1D",
                "intervalMetricsInterval", "P1D",
                "agentStatesInterval", "PT1S",
                "credentialsRef", "default",
                "endpointOverride", gapSimulator.endpoint().toString()))
                .post("/api/v1/sources").then().statusCode(201);
        String profile = created("/api/v1/shift-profiles", Map.of("name", "profile-" + run, "timeZone", "UTC",
                "days", List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"),
                "earliestStart", "00:00", "latestEnd", "00:00", "lengthsMinutes", List.of(480),
                "startStepMinutes", 60, "breaks", List.of(Map.of("name", "break", "durationMinutes", 30,
                        "earliestStartAfterMinutes", 180, "latestStartAfterMinutes", 270)), "breakVariants", 2));
        String staffRules = created("/api/v1/staff-rules", Map.of("name", "rules-" + run, "minRestMinutes", 720,
                "maxConsecutiveDays", 5, "minMinutesPerDay", 240, "maxMinutesPerDay", 600, "minMinutesPerWeek", 0,
                "maxMinutesPerWeek", 2400, "maxMinutesWithoutBreak", 300));
        String group = created("/api/v1/staffing-groups", Map.of("name", "group-" + run, "instanceId", gapInstance,
                "requiredSkills", List.of("sales"), "queueIds", List.of(queue), "shiftProfileId", profile,
                "staffRulesId", staffRules, "intervalMinutes", 30));
        // The first three agents of the queue: Available since the simulated day began.
        List<String> agents = center.agentIds().subList(0, 3);
        for (String agent : agents) {
            created("/api/v1/agents", Map.of("connectId", agent, "name", agent, "groupId", group,
                    "skills", Map.of("sales", 3)));
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Instant midnight = today.atStartOfDay(ZoneOffset.UTC).toInstant();
        List<Map<String, Object>> requirement = new ArrayList<>();
        for (int slot = 0; slot < 48; slot++) {
            requirement.add(Map.of("start", midnight.plusSeconds(slot * 1800L).toString(), "agents", 3));
        }
        String schedule = supervisor("scheduling").contentType(ContentType.JSON).body(Map.of("groupId", group,
                "from", today.toString(), "days", 1, "timeLimitSeconds", 3, "requirement", requirement))
                .post("/api/v1/schedules").then().statusCode(202).extract().path("id");
        await("the schedule solved").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> "DRAFT".equals(supervisor("scheduling").get("/api/v1/schedules/" + schedule)
                        .then().statusCode(200).extract().path("status")));
        supervisor("scheduling").post("/api/v1/schedules/" + schedule + "/publish").then().statusCode(200);

        await("the group is staffed").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> gapSamples().anyMatch(s -> s.value() == 0.0));
        // The three log off in Connect's CCP; later they are back, as the scenario has them.
        agents.forEach(agent -> center.agentStatus(agent, "Offline"));
        await("the staffing gap fired").atMost(DAY_LIMIT).pollInterval(Duration.ofMillis(200))
                .until(() -> topics.announced("default-staffing-gap").contains("FIRING"));
        assertThat(gapSamples().map(TopicLog.Sample::value)).as("the gap the rule fired on").contains(-3.0);
        agents.forEach(agent -> center.agentStatus(agent, null));
    }

    private static Stream<TopicLog.Sample> gapSamples() {
        return topics.samples("staffing_gap").stream().filter(s -> gapInstance.equals(s.instanceId()));
    }

    // ------------------------------------------------------------------ lateness

    /** Per rule: its input, and how late the samples of its series reached ops.metrics.v1 (seconds, source's time). */
    private static void printLateness() {
        // At 60x a second of wall-clock delay (a GC pause, a busy machine) reads as a minute: the tail is the machine's.
        StringBuilder table = new StringBuilder(String.format("%nHow late each default rule's input reaches ops.metrics.v1"
                + " after the time it is about (seconds on the source's clock; simulator at %dx; load average %s)%n", SPEED,
                loadAverage()));
        table.append(String.format("%-32s %-28s %-64s %7s %6s %6s %6s %6s%n", "rule", "metric", "input", "samples",
                "min", "median", "p90", "max"));
        for (Case rule : CASES) {
            List<Long> lateness = topics.samples(rule.metric()).stream()
                    .filter(s -> ourSeries(rule.input(), s.instanceId()))
                    .map(s -> latenessSeconds(rule.input(), s)).filter(l -> l != null).sorted().toList();
            table.append(String.format("%-32s %-28s %-64s %7d %6s %6s %6s %6s%n", rule.ruleId(), rule.metric(),
                    rule.input().path, lateness.size(), at(lateness, 0), at(lateness, lateness.size() / 2),
                    at(lateness, lateness.size() * 9 / 10), at(lateness, lateness.size() - 1)));
        }
        System.out.println(table);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String at(List<Long> values, int index) {
        return values.isEmpty() ? "-" : String.valueOf(values.get(index));
    }

    private static boolean ourSeries(Input input, String instanceId) {
        return switch (input) {
            case PUSH -> pushingClient.equals(instanceId);
            case SCHEDULING -> gapInstance.equals(instanceId);
            default -> contactCenter.equals(instanceId);
        };
    }

    /**
     * Simulated inputs: the record's time on the simulator's clock minus the sample's (the first catch-up poll at
     * registration, about times before it, is left out). Pushed ones: since the client pushed them. Scheduling's:
     * since the start of the period it stamps (wall clock).
     */
    private static Long latenessSeconds(Input input, TopicLog.Sample sample) {
        return switch (input) {
            case PUSH -> {
                Instant pushed = topics.pushedAt(sample.timestamp());
                yield pushed == null ? null : Duration.between(pushed, sample.published()).toSeconds();
            }
            case SCHEDULING -> Duration.between(sample.timestamp(), sample.published()).toSeconds();
            default -> {
                Instant published = simStart.plus(Duration.between(wallStart, sample.published()).multipliedBy(SPEED));
                yield sample.timestamp().isBefore(simStart.plus(Duration.ofMinutes(3))) ? null
                        : Duration.between(sample.timestamp(), published).toSeconds();
            }
        };
    }

    // ------------------------------------------------------------------ helpers

    private static ServiceProcess service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private static RequestSpecification admin(String service) {
        return Platform.as(service(service), "ada-admin", Roles.ADMIN);
    }

    private static RequestSpecification supervisor(String service) {
        return Platform.as(service(service), "sam-supervisor", Roles.SUPERVISOR);
    }

    private static String created(String path, Map<String, Object> body) {
        return supervisor("scheduling").contentType(ContentType.JSON).body(body).post(path)
                .then().statusCode(201).extract().path("id");
    }
}
