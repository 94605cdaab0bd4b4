package io.connectops.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.connectops.contracts.AgentStateChanged;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.MetricSample;
import io.connectops.contracts.Topics;
import io.connectops.ingest.ConnectFixtures;
import io.connectops.ingest.MetricsTopicWindow;
import io.connectops.ingest.domain.PollOperation;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestKafka;
import io.connectops.simulator.ConnectSimulator;
import io.connectops.simulator.Scenario;
import io.connectops.simulator.SimulatedInstance;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class AgentAndIntervalPollingTest {

    private static ConnectSimulator simulator;
    private final List<UUID> sources = new ArrayList<>();

    @Inject
    PollService polls;

    @Inject
    AgroalDataSource dataSource;

    @BeforeAll
    static void startSimulator() {
        simulator = ConnectSimulator.start(0, Scenario.CALL_SURGE).maxPageSize(5)
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

    private static List<AgentStateChanged> agentEventsOf(String instanceId, int count) {
        return TestKafka.awaitRecords(Topics.AGENT_EVENTS, r -> r.value().contains(instanceId), count,
                Duration.ofSeconds(30)).stream()
                .map(r -> EventCodec.decode(r.value(), AgentStateChanged.class))
                .map(CloudEvent::data)
                .toList();
    }

    @Test
    void agentStatesArePublishedOnChangeOnly() {
        String instanceId = ConnectFixtures.newInstanceId();
        SimulatedInstance instance = simulator.instance(instanceId);
        UUID source = ConnectFixtures.register(simulator, instanceId, null);
        sources.add(source);

        polls.poll(source, PollOperation.AGENT_STATES);
        polls.poll(source, PollOperation.AGENT_STATES);

        List<AgentStateChanged> first = agentEventsOf(instanceId, 12);
        assertThat(first).hasSize(12).allSatisfy(change -> {
            assertThat(change.previousStatus()).isNull();
            assertThat(change.status()).isEqualTo("Available");
        });
        // Three of the four agents of each queue are on a call at the scenario's start.
        assertThat(first).filteredOn(c -> c.routingState().equals(AgentStatePoller.ON_CONTACT)).hasSize(9);
        assertThat(first).filteredOn(c -> c.agentId().equals("agent-0004")).singleElement()
                .satisfies(c -> assertThat(c.routingState()).isEqualTo(AgentStatePoller.ROUTABLE));

        instance.agentStatus("agent-0004", "Lunch");
        // The scheduler polls a new source once on its own, so the change may be published by either poll; what
        // matters is that it is published exactly once.
        assertThat(polls.poll(source, PollOperation.AGENT_STATES).failed()).isFalse();
        AgentStateChanged lunch = agentEventsOf(instanceId, 13).stream()
                .filter(c -> "Lunch".equals(c.status())).findFirst().orElseThrow();
        assertThat(lunch.agentId()).isEqualTo("agent-0004");
        assertThat(lunch.previousStatus()).isEqualTo("Available");
        assertThat(lunch.routingState()).isEqualTo(AgentStatePoller.NOT_ROUTABLE);
        assertThat(lunch.instanceId()).isEqualTo(instanceId);
        assertThat(polls.poll(source, PollOperation.AGENT_STATES).published()).isZero();
        assertThat(ConnectFixtures.outboxRows(dataSource, Topics.AGENT_EVENTS, instanceId)).isEqualTo(13);
    }

    @Test
    void closedIntervalsArePublishedOnceWithTheServiceLevelThreshold() {
        String instanceId = ConnectFixtures.newInstanceId();
        SimulatedInstance instance = simulator.instance(instanceId);
        List<MetricSample> samples;
        try (MetricsTopicWindow topic = MetricsTopicWindow.openAtEnd()) {
            UUID source = ConnectFixtures.register(simulator, instanceId, "\"serviceLevelThresholdSeconds\":30");
            sources.add(source);

            polls.poll(source, PollOperation.INTERVAL_METRICS);
            polls.poll(source, PollOperation.INTERVAL_METRICS);

            // 8 queue metrics for 3 queues and agent occupancy for 3 routing profiles, for the one interval closed
            // (on the simulator's clock) since the source was registered.
            samples = topic.await(r -> r.key() != null && r.key().startsWith(instanceId + "/")
                    && r.value().contains("interval_start"), 27, Duration.ofSeconds(30)).stream()
                    .map(r -> EventCodec.decode(r.value(), MetricSample.class).data())
                    .toList();
        }
        assertThat(samples).hasSize(27).allSatisfy(s -> {
            assertThat(s.timestamp().getEpochSecond() % 900).isZero();
            assertThat(s.labels().get("interval_start")).isEqualTo(s.timestamp().minusSeconds(900).toString());
        });
        String support = instance.queueIds().get(Scenario.SURGE_QUEUE);
        assertThat(samples).filteredOn(s -> support.equals(s.queueId()) && s.metric().equals("abandonment_rate"))
                .singleElement().satisfies(s -> {
                    assertThat(s.value()).isEqualTo(4.0);
                    assertThat(s.unit()).isEqualTo("PERCENT");
                });
        // 30 s threshold, 22.5 s average wait: 100 * 30 / 52.5.
        assertThat(samples).filteredOn(s -> support.equals(s.queueId()) && s.metric().equals("service_level"))
                .singleElement().satisfies(s -> {
                    assertThat(s.value()).isEqualTo(57.1);
                    assertThat(s.labels()).containsEntry("threshold_seconds", "30");
                });
        assertThat(samples).filteredOn(s -> s.metric().equals("agent_occupancy")).hasSize(3).allSatisfy(s -> {
            assertThat(s.queueId()).isNull();
            assertThat(s.unit()).isEqualTo("PERCENT");
        }).extracting(s -> s.labels().get(MetricSample.ROUTING_PROFILE_LABEL), MetricSample::value)
                .containsExactlyInAnyOrder(
                        Tuple.tuple(instance.routingProfileIds().get(0), 70.0),
                        Tuple.tuple(instance.routingProfileIds().get(1), 75.0),
                        Tuple.tuple(instance.routingProfileIds().get(2), 72.0));
        assertThat(ConnectFixtures.outboxRows(dataSource, Topics.METRICS, instanceId + "/", "interval_start"))
                .isEqualTo(27);
    }
}
