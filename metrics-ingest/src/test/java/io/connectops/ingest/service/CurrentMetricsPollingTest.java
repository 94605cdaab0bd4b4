package io.connectops.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.nullValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.assertj.core.groups.Tuple;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.MetricSample;
import io.connectops.contracts.Topics;
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
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class CurrentMetricsPollingTest {

    private static final Instant SNAPSHOT = Instant.parse("2026-11-22T10:00:00.123Z");
    /** 12 real-time metrics of the catalogue, for each of the simulator's 3 queues, on VOICE. */
    private static final int SAMPLES_PER_SNAPSHOT = 36;

    private static ConnectSimulator simulator;
    private final List<UUID> sources = new ArrayList<>();

    @Inject
    PollService polls;

    @Inject
    AgroalDataSource dataSource;

    @BeforeAll
    static void startSimulator() {
        // Two results a page: three queues take two pages, so every poll goes through pagination.
        simulator = ConnectSimulator.start(0, Scenario.NORMAL_DAY).maxPageSize(2)
                .clock(Clock.fixed(SNAPSHOT, ZoneOffset.UTC));
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @AfterEach
    void removeSources() {
        sources.forEach(ConnectFixtures::remove);
    }

    private UUID register(String instanceId) {
        UUID id = ConnectFixtures.register(simulator, instanceId, null);
        sources.add(id);
        return id;
    }

    /**
     * Opened before each test registers its sources: the samples are read from there on rather than from the topic's
     * beginning, whose reading grows with what earlier runs (a benchmark's million samples) left on the shared broker.
     */
    private MetricsTopicWindow window;

    @BeforeEach
    void openWindow() {
        window = MetricsTopicWindow.openAtEnd();
    }

    @AfterEach
    void closeWindow() {
        window.close();
    }

    /** The real-time samples of an instance (its interval samples, polled by the scheduler too, are left out). */
    private List<MetricSample> samplesOf(String instanceId, int count) {
        return window.await(r -> r.key() != null && r.key().startsWith(instanceId + "/")
                && r.value().contains("\"timestamp\":\"" + SNAPSHOT + "\""), count, Duration.ofSeconds(30)).stream()
                .map(r -> EventCodec.decode(r.value(), MetricSample.class))
                .map(CloudEvent::data)
                .toList();
    }

    @Test
    void aPagedSnapshotIsPublishedOnceWithNullsAsNoData() {
        String instanceId = ConnectFixtures.newInstanceId();
        SimulatedInstance instance = simulator.instance(instanceId).nullValueFor("CONTACTS_SCHEDULED");
        UUID source = register(instanceId);

        PollService.Outcome first = polls.poll(source, PollOperation.CURRENT_METRICS);
        PollService.Outcome second = polls.poll(source, PollOperation.CURRENT_METRICS);

        assertThat(first.failed()).isFalse();
        assertThat(second.published()).as("the same snapshot again").isZero();
        List<MetricSample> samples = samplesOf(instanceId, SAMPLES_PER_SNAPSHOT);
        assertThat(samples).hasSize(SAMPLES_PER_SNAPSHOT).allSatisfy(sample -> {
            assertThat(sample.source()).isEqualTo("connect");
            assertThat(sample.timestamp()).isEqualTo(SNAPSHOT);
            assertThat(sample.channel()).isEqualTo("VOICE");
        });
        assertThat(samples).extracting(MetricSample::queueId).containsOnlyElementsOf(instance.queueIds());
        Map<String, Double> waiting = samples.stream().filter(s -> s.metric().equals("contacts_in_queue"))
                .collect(Collectors.toMap(MetricSample::queueId, MetricSample::value));
        assertThat(waiting).containsEntry(instance.queueIds().get(0), 2.0).containsEntry(instance.queueIds().get(1), 3.0)
                .containsEntry(instance.queueIds().get(2), 4.0);
        assertThat(samples).filteredOn(s -> s.metric().equals("oldest_contact_age"))
                .extracting(MetricSample::value, MetricSample::unit).contains(
                        Tuple.tuple(45.0, "SECONDS"));
        assertThat(samples).filteredOn(s -> s.metric().equals("contacts_scheduled")).hasSize(3)
                .allSatisfy(s -> assertThat(s.hasData()).isFalse());
        assertThat(ConnectFixtures.outboxRows(dataSource, Topics.METRICS, instanceId, "\"timestamp\":\"" + SNAPSHOT + "\""))
                .isEqualTo(SAMPLES_PER_SNAPSHOT);
        // Two pages a poll (the scheduler's own first poll of the new source may add more).
        assertThat(simulator.calls("GetCurrentMetricData", instanceId)).isGreaterThanOrEqualTo(4);

        ApiSecurity.as(Roles.VIEWER).queryParam("instanceId", instanceId).queryParam("queueId", instance.queueIds().get(1))
                .queryParam("metric", "contacts_scheduled").get("/api/v1/series")
                .then().statusCode(200)
                .body("total", equalTo(1))
                .body("items[0]", hasKey("value"))
                .body("items[0].value", nullValue());
    }

    @Test
    void theSchedulerPollsAndRetriesThrottledCallsWithBackoff() {
        String instanceId = ConnectFixtures.newInstanceId();
        simulator.instance(instanceId).throttleNext(2);
        UUID source = register(instanceId);

        assertThat(samplesOf(instanceId, SAMPLES_PER_SNAPSHOT)).hasSize(SAMPLES_PER_SNAPSHOT);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath view = ApiSecurity.as(Roles.ADMIN).get("/api/v1/sources/" + source).then().statusCode(200)
                    .extract().jsonPath();
            assertThat(view.getList("pollers.throttledCalls", Integer.class).stream().mapToInt(Integer::intValue).sum())
                    .isEqualTo(2);
            assertThat(view.getList("pollers.consecutiveFailures", Integer.class)).containsOnly(0);
            assertThat(view.getString("status")).isEqualTo("HEALTHY");
        });
    }

    @Test
    void aFailingSourceIsDegradedWhileTheOthersGoOn() {
        String failingId = ConnectFixtures.newInstanceId();
        String workingId = ConnectFixtures.newInstanceId();
        simulator.instance(failingId).unavailable(true);
        UUID failing = register(failingId);
        UUID working = register(workingId);

        PollService.Outcome failed = polls.poll(failing, PollOperation.CURRENT_METRICS);
        PollService.Outcome worked = polls.poll(working, PollOperation.CURRENT_METRICS);

        assertThat(failed.error()).contains("HTTP 500", "InternalServiceException");
        assertThat(worked.failed()).isFalse();
        assertThat(samplesOf(workingId, SAMPLES_PER_SNAPSHOT)).hasSize(SAMPLES_PER_SNAPSHOT);
        ApiSecurity.as(Roles.ADMIN).get("/api/v1/sources/" + failing).then().statusCode(200)
                .body("status", equalTo("DEGRADED"))
                .body("pollers.find { it.operation == 'CURRENT_METRICS' }.lastError",
                        Matchers.containsString("HTTP 500"));
        JsonPath readiness = RestAssured.get("/q/health/ready").then().statusCode(200).extract().jsonPath();
        assertThat(readiness.getMap("checks.find { it.name == 'connect-sources' }.data"))
                .containsKey("source " + failing + " GetCurrentMetricData");
        ApiSecurity.as(Roles.ADMIN).get("/api/v1/sources/" + working).then().statusCode(200)
                .body("pollers.find { it.operation == 'CURRENT_METRICS' }.consecutiveFailures", equalTo(0));

        simulator.instance(failingId).unavailable(false);
        assertThat(polls.poll(failing, PollOperation.CURRENT_METRICS).failed()).isFalse();
        ApiSecurity.as(Roles.ADMIN).get("/api/v1/sources/" + failing).then().statusCode(200)
                .body("pollers.find { it.operation == 'CURRENT_METRICS' }.consecutiveFailures", equalTo(0));
    }
}
