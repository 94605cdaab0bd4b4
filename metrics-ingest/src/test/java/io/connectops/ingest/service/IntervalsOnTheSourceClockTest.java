package io.connectops.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.MetricSample;
import io.connectops.contracts.Topics;
import io.connectops.ingest.ConnectFixtures;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestKafka;
import io.connectops.simulator.ConnectSimulator;
import io.connectops.simulator.FastClock;
import io.connectops.simulator.Scenario;
import io.connectops.simulator.SimulatedInstance;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The real scheduler and pollers against a simulator whose clock runs 300 times faster than ours (a 15-minute
 * interval closes every 3 s): intervals close when Connect's clock says so, each is published exactly once, and
 * the call surge's abandonment rate stays above 5% interval after interval.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class IntervalsOnTheSourceClockTest {

    private static final int SPEED = 300;

    private ConnectSimulator simulator;
    private UUID source;

    @Inject
    AgroalDataSource dataSource;

    @AfterEach
    void stop() {
        if (source != null) {
            ConnectFixtures.remove(source);
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void intervalsCloseOnTheSimulatorsFastClockAndArePublishedOnce() {
        Instant localStart = Instant.now();
        FastClock clock = new FastClock(SPEED);
        simulator = ConnectSimulator.start(0, Scenario.CALL_SURGE).clock(clock);
        // The surge starts when the clock is set: its abandonment is 4% then, and 2 points more every minute.
        Instant surgeUnderWay = clock.instant().plus(Duration.ofMinutes(1));
        String instanceId = ConnectFixtures.newInstanceId();
        SimulatedInstance instance = simulator.instance(instanceId);
        String support = instance.queueIds().get(Scenario.SURGE_QUEUE);
        source = ConnectFixtures.register(simulator, instanceId,
                "\"currentMetricsInterval\":\"PT1S\",\"intervalMetricsInterval\":\"PT1S\"");
        String series = instanceId + "/" + support + "/VOICE/abandonment_rate";

        List<MetricSample> abandonment = TestKafka.awaitRecords(Topics.METRICS, r -> series.equals(r.key()), 4,
                Duration.ofSeconds(60)).stream()
                .map(r -> EventCodec.decode(r.value(), MetricSample.class).data())
                .toList();

        Map<Instant, MetricSample> byEnd = abandonment.stream()
                .collect(Collectors.toMap(MetricSample::timestamp, Function.identity(), (a, b) -> a));
        assertThat(byEnd).as("each interval once").hasSameSizeAs(abandonment);
        List<Instant> ends = byEnd.keySet().stream().sorted().toList();
        assertThat(ends).allSatisfy(end -> assertThat(end.getEpochSecond() % 900).isZero());
        for (int i = 1; i < ends.size(); i++) {
            assertThat(Duration.between(ends.get(i - 1), ends.get(i))).as("consecutive intervals")
                    .isEqualTo(Duration.ofMinutes(15));
        }
        // Our wall clock has not reached these intervals yet: they closed on the simulator's clock.
        assertThat(ends.get(ends.size() - 1)).isAfter(localStart.plus(Duration.ofMinutes(30)));
        // Every interval ending once the surge is under way is above the default 5% rule: at least the last two.
        List<Instant> duringSurge = ends.stream().filter(end -> !end.isBefore(surgeUnderWay)).toList();
        assertThat(duringSurge).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(end -> assertThat(byEnd.get(end).value()).isGreaterThan(5.0));
        for (Instant end : ends) {
            assertThat(ConnectFixtures.outboxRows(dataSource, Topics.METRICS, series,
                    "\"timestamp\":\"" + end + "\"")).as("outbox rows of the interval ending " + end).isEqualTo(1);
        }
    }
}
