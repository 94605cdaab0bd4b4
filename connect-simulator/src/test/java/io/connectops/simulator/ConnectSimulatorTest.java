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
}
