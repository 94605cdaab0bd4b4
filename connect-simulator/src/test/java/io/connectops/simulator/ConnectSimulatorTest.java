package io.connectops.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class ConnectSimulatorTest {

    private static final String CURRENT = """
            {"Filters":{"Queues":[],"Channels":["VOICE"]},"Groupings":["QUEUE","CHANNEL"],
             "CurrentMetrics":[{"Name":"CONTACTS_IN_QUEUE","Unit":"COUNT"},{"Name":"OLDEST_CONTACT_AGE","Unit":"SECONDS"}]%s}""";

    private ConnectSimulator simulator;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        simulator = ConnectSimulator.start(0, Scenario.CALL_SURGE)
                .clock(Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(simulator.endpoint() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void currentMetricsArePagedAndKeepTheSnapshotTime() throws Exception {
        simulator.maxPageSize(2);
        HttpResponse<String> first = post("/metrics/current/inst-a", CURRENT.formatted(""));
        JsonNode page1 = ConnectSimulator.JSON.readTree(first.body());
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(page1.path("MetricResults")).hasSize(2);
        assertThat(page1.path("NextToken").asText()).isEqualTo("page-from-2");
        assertThat(page1.path("DataSnapshotTime").decimalValue().longValue()).isEqualTo(1795341600L);
        JsonNode page2 = ConnectSimulator.JSON.readTree(
                post("/metrics/current/inst-a", CURRENT.formatted(",\"NextToken\":\"page-from-2\"")).body());
        assertThat(page2.path("MetricResults")).hasSize(1);
        assertThat(page2.has("NextToken")).isFalse();
        // Queue "Support" carries the surge: 2 + 1 contacts at minute 0.
        assertThat(page1.path("MetricResults").get(1).path("Collections").get(0).path("Value").asDouble()).isEqualTo(3.0);
    }

    @Test
    void faultsAreOneShotAndTyped() throws Exception {
        simulator.instance("inst-b").throttleNext(1).nullValueFor("CONTACTS_IN_QUEUE");
        HttpResponse<String> throttled = post("/metrics/current/inst-b", CURRENT.formatted(""));
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("x-amzn-ErrorType")).hasValue("ThrottlingException");
        JsonNode ok = ConnectSimulator.JSON.readTree(post("/metrics/current/inst-b", CURRENT.formatted("")).body());
        assertThat(ok.path("MetricResults").get(0).path("Collections").get(0).path("Value").isNull()).isTrue();
        assertThat(simulator.calls("GetCurrentMetricData", "inst-b")).isEqualTo(2);
    }

    @Test
    void withoutGroupingsTheOldestAgeIsInMilliseconds() throws Exception {
        JsonNode response = ConnectSimulator.JSON.readTree(post("/metrics/current/inst-c",
                "{\"Filters\":{},\"CurrentMetrics\":[{\"Name\":\"OLDEST_CONTACT_AGE\",\"Unit\":\"SECONDS\"}]}").body());
        // Billing is the oldest at minute 0: (2 + 2) contacts * 15 s = 60 s, reported as 60000.
        assertThat(response.path("MetricResults").get(0).path("Collections").get(0).path("Value").asDouble())
                .isEqualTo(60000.0);
    }

    private static final String INTERVALS = """
            {"ResourceArn":"arn:aws:connect:us-east-1:123456789012:instance/%s","StartTime":%d,"EndTime":%d,
             "Interval":{"TimeZone":"UTC","IntervalPeriod":"FIFTEEN_MIN"},
             "Filters":[{"FilterKey":"%s","FilterValues":%s},{"FilterKey":"CHANNEL","FilterValues":["VOICE"]}],
             "Groupings":["%s"],"Metrics":[{"Name":"%s"}]}""";

    /** A clock a test moves forward by hand. */
    private static final class SteppedClock extends Clock {
        private volatile Instant now;

        SteppedClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @Test
    void intervalsCarryTheSurgeAsOfTheirEndAndNeverEndAfterTheSimulatorsNow() throws Exception {
        Instant start = Instant.parse("2026-11-22T10:00:00Z");
        SteppedClock clock = new SteppedClock(start);
        simulator.clock(clock);
        String support = simulator.instance("inst-d").queueIds().get(Scenario.SURGE_QUEUE);
        long from = start.getEpochSecond();
        clock.advance(Duration.ofMinutes(31));

        HttpResponse<String> response = post("/metrics/data", INTERVALS.formatted("inst-d", from, from + 1800, "QUEUE",
                "[\"" + support + "\"]", "QUEUE\",\"CHANNEL", "ABANDONMENT_RATE"));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode results = ConnectSimulator.JSON.readTree(response.body()).path("MetricResults");
        assertThat(results).hasSize(2);
        // 4 % + 2 points a minute: 15 minutes in, then 30 minutes in.
        assertThat(results.get(0).path("Collections").get(0).path("Value").asDouble()).isEqualTo(34.0);
        assertThat(results.get(1).path("Collections").get(0).path("Value").asDouble()).isEqualTo(60.0);
        assertThat(results.get(1).path("MetricInterval").path("EndTime").asLong()).isEqualTo(from + 1800);

        HttpResponse<String> early = post("/metrics/data", INTERVALS.formatted("inst-d", from + 1800, from + 2700,
                "QUEUE", "[\"" + support + "\"]", "QUEUE", "ABANDONMENT_RATE"));
        assertThat(early.statusCode()).isEqualTo(400);
        assertThat(early.body()).contains("EndTime cannot be later than now");
    }

    @Test
    void agentOccupancyIsGroupedByRoutingProfileOnly() throws Exception {
        SimulatedInstance instance = simulator.instance("inst-e");
        HttpResponse<String> listed = http.send(HttpRequest.newBuilder(
                URI.create(simulator.endpoint() + "/routing-profiles-summary/inst-e")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode profiles = ConnectSimulator.JSON.readTree(listed.body()).path("RoutingProfileSummaryList");
        assertThat(profiles).hasSize(3);
        assertThat(profiles.get(1).path("Id").asText()).isEqualTo(instance.routingProfileIds().get(1));

        long end = Instant.parse("2026-11-22T10:00:00Z").getEpochSecond();
        String all = ConnectSimulator.JSON.writeValueAsString(instance.routingProfileIds());
        JsonNode results = ConnectSimulator.JSON.readTree(post("/metrics/data", INTERVALS.formatted("inst-e",
                end - 900, end, "ROUTING_PROFILE", all, "ROUTING_PROFILE", "AGENT_OCCUPANCY")).body())
                .path("MetricResults");
        assertThat(results).hasSize(3);
        assertThat(results.get(1).path("Dimensions").path("ROUTING_PROFILE").asText())
                .isEqualTo(instance.routingProfileIds().get(1));
        assertThat(results.get(1).path("Collections").get(0).path("Value").asDouble()).isEqualTo(75.0);

        HttpResponse<String> byQueue = post("/metrics/data", INTERVALS.formatted("inst-e", end - 900, end, "QUEUE",
                "[]", "QUEUE", "AGENT_OCCUPANCY"));
        assertThat(byQueue.statusCode()).isEqualTo(400);
    }

    // ---------------------------------------------------------------- agents' status times

    private static final String USER_DATA = "{\"Filters\":{\"Queues\":[]},\"MaxResults\":100}";

    /** The agents of GetCurrentUserData by id. */
    private Map<String, JsonNode> agents(String instanceId) throws Exception {
        HttpResponse<String> response = post("/metrics/userdata/" + instanceId, USER_DATA);
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, JsonNode> agents = new LinkedHashMap<>();
        ConnectSimulator.JSON.readTree(response.body()).path("UserDataList")
                .forEach(user -> agents.put(user.path("User").path("Id").asText(), user));
        return agents;
    }

    private static Instant statusStart(JsonNode agent) {
        return Instant.ofEpochSecond(agent.path("Status").path("StatusStartTimestamp").decimalValue().longValue());
    }

    private static Instant contactStart(JsonNode agent) {
        return Instant.ofEpochSecond(agent.path("Contacts").get(0).path("StateStartTimestamp").decimalValue()
                .longValue());
    }

    @Test
    void eachAgentReportsTheTimeItEnteredItsStatusNotTheScenarioStart() throws Exception {
        Instant start = Instant.parse("2026-11-22T10:00:00Z");
        SteppedClock clock = new SteppedClock(start);
        simulator.clock(clock).scenario(Scenario.AGENT_OUTAGE);
        simulator.instance("inst-t");

        // One agent a minute goes Offline: the first at minute 1, the third at minute 3.
        clock.advance(Duration.ofMinutes(5).plusSeconds(30));
        Map<String, JsonNode> agents = agents("inst-t");
        assertThat(agents.get("agent-0001").path("Status").path("StatusName").asText()).isEqualTo("Offline");
        assertThat(statusStart(agents.get("agent-0001"))).isEqualTo(start.plus(Duration.ofMinutes(1)));
        assertThat(statusStart(agents.get("agent-0003"))).isEqualTo(start.plus(Duration.ofMinutes(3)));
        assertThat(statusStart(agents.get("agent-0005"))).isEqualTo(start.plus(Duration.ofMinutes(5)));
        // Still Available, as since the scenario started.
        assertThat(agents.get("agent-0006").path("Status").path("StatusName").asText()).isEqualTo("Available");
        assertThat(statusStart(agents.get("agent-0006"))).isEqualTo(start);

        clock.advance(Duration.ofMinutes(10));
        assertThat(statusStart(agents("inst-t").get("agent-0001"))).as("unchanged while the status holds")
                .isEqualTo(start.plus(Duration.ofMinutes(1)));
    }

    @Test
    void aForcedStatusStartsWhenItWasForcedAndTheScenarioTakesOverWhenItIsGivenBack() throws Exception {
        Instant start = Instant.parse("2026-11-22T10:00:00Z");
        SteppedClock clock = new SteppedClock(start);
        simulator.clock(clock).scenario(Scenario.NORMAL_DAY);
        SimulatedInstance instance = simulator.instance("inst-f");

        clock.advance(Duration.ofMinutes(2).plusSeconds(20));
        Instant lunch = clock.instant();
        instance.agentStatus("agent-0004", "Lunch");
        clock.advance(Duration.ofMinutes(3));
        instance.agentStatus("agent-0004", "Lunch");
        Map<String, JsonNode> agents = agents("inst-f");
        assertThat(agents.get("agent-0004").path("Status").path("StatusName").asText()).isEqualTo("Lunch");
        assertThat(statusStart(agents.get("agent-0004"))).as("forced again into the same status: unchanged")
                .isEqualTo(lunch);
        assertThat(agents.get("agent-0004").path("Contacts")).isEmpty();
        // On a contact since the day started, not since the poll.
        assertThat(contactStart(agents.get("agent-0001"))).isEqualTo(start);

        clock.advance(Duration.ofMinutes(1));
        Instant back = clock.instant();
        instance.agentStatus("agent-0004", null);
        clock.advance(Duration.ofMinutes(1));
        JsonNode returned = agents("inst-f").get("agent-0004");
        assertThat(returned.path("Status").path("StatusName").asText()).isEqualTo("Available");
        assertThat(statusStart(returned)).isEqualTo(back);

        instance.agentStatus("agent-0001", "Offline");
        Instant offline = clock.instant();
        clock.advance(Duration.ofMinutes(1));
        instance.agentStatus("agent-0001", "Available");
        Instant available = clock.instant();
        clock.advance(Duration.ofSeconds(40));
        JsonNode busy = agents("inst-f").get("agent-0001");
        assertThat(statusStart(busy)).isAfter(offline).isEqualTo(available);
        assertThat(contactStart(busy)).as("its next contact starts once it is Available again").isEqualTo(available);
        assertThatThrownBy(() -> instance.agentStatus("agent-0099", "Lunch"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theControlApiPutsAnAgentInAStatusAndGivesItBack() throws Exception {
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        HttpResponse<String> put = post("/simulator/instances/inst-c/agents/agent-0002/status", "{\"status\":\"Break\"}");
        assertThat(put.statusCode()).isEqualTo(204);
        JsonNode agent = agents("inst-c").get("agent-0002");
        assertThat(agent.path("Status").path("StatusName").asText()).isEqualTo("Break");
        assertThat(statusStart(agent)).isEqualTo(now);

        assertThat(post("/simulator/instances/inst-c/agents/agent-0002/status", "{\"status\":null}").statusCode())
                .isEqualTo(204);
        assertThat(agents("inst-c").get("agent-0002").path("Status").path("StatusName").asText())
                .isEqualTo("Available");

        assertThat(post("/simulator/instances/inst-c/agents/agent-0099/status", "{\"status\":\"Break\"}")
                .statusCode()).isEqualTo(404);
        assertThat(post("/simulator/instances/inst-c/agents/agent-0002/status", "{\"state\":\"Break\"}")
                .statusCode()).isEqualTo(400);
        assertThat(post("/simulator/instances/inst-c/agents/agent-0002/status", "{\"status\":\" \"}")
                .statusCode()).isEqualTo(400);
        assertThat(post("/simulator/instances/inst-c/agents/agent-0002/status", "Break").statusCode())
                .isEqualTo(400);
    }

    @Test
    void anInstanceGivenAnAgentPrefixHasAgentsOfItsOwn() throws Exception {
        SimulatedInstance instance = simulator.instance("inst-p", "gap-7");
        assertThat(instance.agentIds()).hasSize(12).first().isEqualTo("gap-7-0001");
        assertThat(agents("inst-p").keySet()).containsExactlyElementsOf(instance.agentIds());
        assertThat(simulator.instance("inst-p", "gap-7")).isSameAs(instance);
        assertThat(simulator.instance("inst-p")).isSameAs(instance);
        assertThatThrownBy(() -> simulator.instance("inst-p", "agent")).isInstanceOf(IllegalStateException.class);
        assertThat(simulator.instance("inst-q").agentIds()).first().isEqualTo("agent-0001");
    }
}
