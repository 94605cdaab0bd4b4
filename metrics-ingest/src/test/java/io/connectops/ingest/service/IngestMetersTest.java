package io.connectops.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.connectops.contracts.EventCodec;
import io.connectops.contracts.MetricSample;
import io.connectops.ingest.ConnectFixtures;
import io.connectops.ingest.MetricsTopicWindow;
import io.connectops.ingest.domain.PollOperation;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.simulator.ConnectSimulator;
import io.connectops.simulator.Scenario;
import io.connectops.simulator.SimulatedInstance;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * The meters the dashboards query, scraped from {@code /q/metrics} after real polls of the simulator, a failing
 * source and a push; and a Connect call that fails for good becomes an {@code api_call_failures} sample.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class IngestMetersTest {

    private static ConnectSimulator simulator;
    private final List<UUID> sources = new ArrayList<>();

    @Inject
    PollService polls;

    @BeforeAll
    static void startSimulator() {
        simulator = ConnectSimulator.start(0, Scenario.CALL_SURGE)
                .clock(Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC));
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @AfterEach
    void removeSources() {
        sources.forEach(ConnectFixtures::remove);
    }

    /** The value of the first line of meter {@code name} carrying every one of {@code labels} ({@code k="v"}). */
    private static double scraped(String name, String... labels) {
        String page = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : page.split("\n")) {
            if (!line.startsWith(name + "{")) {
                continue;
            }
            boolean all = true;
            for (String label : labels) {
                all &= line.contains(label);
            }
            if (all) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    @Test
    void queueGaugesAndPublishedSamplesFollowWhatIsPublished() {
        double realtimeBefore = scraped("ingest_samples_published_total", "origin=\"connect_realtime\"");
        double intervalBefore = scraped("ingest_samples_published_total", "origin=\"connect_interval\"");
        double pushBefore = scraped("ingest_samples_published_total", "origin=\"push\"");
        double throttledBefore = scraped("ingest_poll_throttled_total", "operation=\"GetCurrentMetricData\"");
        String instanceId = ConnectFixtures.newInstanceId();
        SimulatedInstance instance = simulator.instance(instanceId).throttleNext(1, "GetCurrentMetricData");
        UUID source = ConnectFixtures.register(simulator, instanceId, null);
        sources.add(source);

        assertThat(polls.poll(source, PollOperation.CURRENT_METRICS).failed()).isFalse();
        assertThat(polls.poll(source, PollOperation.INTERVAL_METRICS).failed()).isFalse();
        ApiSecurity.as(Roles.INGEST).contentType(ContentType.JSON).body("{\"samples\":[{\"instanceId\":\"" + instanceId
                + "\",\"metric\":\"ivr_response_time\",\"value\":900,\"timestamp\":\"" + Instant.now() + "\"}]}")
                .post("/api/v1/metrics").then().statusCode(202);

        String support = "queue_id=\"" + instance.queueIds().get(Scenario.SURGE_QUEUE) + "\"";
        String ofInstance = "instance_id=\"" + instanceId + "\"";
        // The surge queue at the scenario's first minute: 3 waiting, 4 % abandoned in the interval ending then.
        assertThat(scraped("connect_queue_metric", ofInstance, support, "channel=\"VOICE\"",
                "metric=\"contacts_in_queue\"")).isEqualTo(3.0);
        assertThat(scraped("connect_queue_metric", ofInstance, support, "metric=\"agents_available\"")).isEqualTo(1.0);
        assertThat(scraped("connect_queue_metric", ofInstance, support, "metric=\"abandonment_rate\"")).isEqualTo(4.0);
        assertThat(scraped("connect_queue_metric", ofInstance, support, "metric=\"service_level\"")).isEqualTo(47.1);
        // 12 real-time metrics and 8 interval metrics for 3 queues, 3 occupancies, 1 pushed sample, at least.
        assertThat(scraped("ingest_samples_published_total", "origin=\"connect_realtime\""))
                .isGreaterThanOrEqualTo(realtimeBefore + 36);
        assertThat(scraped("ingest_samples_published_total", "origin=\"connect_interval\""))
                .isGreaterThanOrEqualTo(intervalBefore + 27);
        assertThat(scraped("ingest_samples_published_total", "origin=\"push\"")).isGreaterThanOrEqualTo(pushBefore + 1);
        // The throttle goes to whichever poll of the source calls first: the test's, or the scheduler's first tick,
        // which counts it only once its retry (after a back-off) has finished.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                scraped("ingest_poll_throttled_total", "operation=\"GetCurrentMetricData\""))
                .isGreaterThanOrEqualTo(throttledBefore + 1));
    }

    @Test
    void aConnectCallThatFailsForGoodIsCountedAndPublishedAsAnApiCallFailure() {
        double failuresBefore = scraped("ingest_poll_failures_total", "operation=\"GetCurrentMetricData\"");
        String instanceId = ConnectFixtures.newInstanceId();
        simulator.instance(instanceId).unavailable(true);
        MetricSample failure;
        try (MetricsTopicWindow topic = MetricsTopicWindow.openAtEnd()) {
            UUID source = ConnectFixtures.register(simulator, instanceId, null);
            sources.add(source);

            assertThat(polls.poll(source, PollOperation.CURRENT_METRICS).error()).contains("HTTP 500");

            failure = topic.await(r -> r.key() != null && r.key().startsWith(instanceId + "/")
                    && r.value().contains("connect:GetCurrentMetricData"), 1, Duration.ofSeconds(30)).stream()
                    .map(r -> EventCodec.decode(r.value(), MetricSample.class).data())
                    .findFirst().orElseThrow();
        }
        assertThat(failure.metric()).isEqualTo("api_call_failures");
        assertThat(failure.value()).isEqualTo(1.0);
        assertThat(failure.unit()).isEqualTo("COUNT");
        assertThat(failure.labels()).containsEntry("api", "connect:GetCurrentMetricData");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                scraped("ingest_poll_failures_total", "operation=\"GetCurrentMetricData\""))
                .isGreaterThanOrEqualTo(failuresBefore + 1));
    }
}
