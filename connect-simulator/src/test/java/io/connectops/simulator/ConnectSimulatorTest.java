package io.connectops.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

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

        void advance(java.time.Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
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
        clock.advance(java.time.Duration.ofMinutes(31));

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
}
