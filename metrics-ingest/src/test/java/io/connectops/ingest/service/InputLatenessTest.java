package io.connectops.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.connectops.contracts.EventCodec;
import io.connectops.contracts.MetricSample;
import io.connectops.ingest.ConnectFixtures;
import io.connectops.ingest.MetricsTopicWindow;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.simulator.ConnectSimulator;
import io.connectops.simulator.FastClock;
import io.connectops.simulator.Scenario;
import io.connectops.simulator.SimulatedInstance;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * How late each input reaches the topic after the time it is about, measured on the simulator's clock (20 times
 * real speed) with the real scheduler: a real-time snapshot at once, a closed 15-minute interval within one
 * real-time poll of its close plus the settle delay, a CloudWatch minute within one CloudWatch poll of its end plus
 * the settle delay. The figures are logged for the operating notes.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class InputLatenessTest {

    private static final Logger LOG = Logger.getLogger(InputLatenessTest.class);
    private static final int SPEED = 20;
    private static final Duration SETTLE = Duration.ofMinutes(2);

    private ConnectSimulator simulator;
    private UUID source;
    private MetricsTopicWindow topic;

    @AfterEach
    void stop() {
        if (source != null) {
            ConnectFixtures.remove(source);
        }
        if (simulator != null) {
            simulator.close();
        }
        if (topic != null) {
            topic.close();
        }
    }

    @Test
    void eachInputIsPublishedWithinOnePollOfWhenItCanBeRead() {
        topic = MetricsTopicWindow.openAtEnd();
        Instant wallStart = Instant.now();
        FastClock clock = new FastClock(SPEED);
        Instant simStart = clock.instant();
        simulator = ConnectSimulator.start(0, Scenario.CALL_SURGE).clock(clock);
        String instanceId = ConnectFixtures.newInstanceId();
        SimulatedInstance instance = simulator.instance(instanceId);
        // Real-time every second (20 s of the source's time), CloudWatch every 3 s (its one-minute period).
        source = ConnectFixtures.register(simulator, instanceId, """
                "currentMetricsInterval":"PT1S","cloudWatch":{"lambdaFunctions":["flow-lookup"],"interval":"PT3S"}""");
        String support = instance.queueIds().get(Scenario.SURGE_QUEUE);
        Instant registered = clock.instant();

        // The scheduler's first polls at registration publish whatever has settled by then, however old (one or two
        // intervals, depending on where the settle delay falls): only samples about times after registration (after
        // registration plus the settle delay for CloudWatch minutes) say how late an input arrives, so the wait is for
        // those, not for a count that the first polls can fill.
        Instant cloudWatchFrom = registered.plus(SETTLE);
        List<ConsumerRecord<String, String>> intervals = topic.await(
                r -> (instanceId + "/" + support + "/VOICE/abandonment_rate").equals(r.key()) && about(r, registered),
                1, Duration.ofSeconds(150));
        List<ConsumerRecord<String, String>> minutes = topic.await(
                r -> (instanceId + "/-/function_name:flow-lookup/lambda_errors").equals(r.key()) && about(r, cloudWatchFrom),
                6, Duration.ofSeconds(90));
        List<ConsumerRecord<String, String>> snapshots = topic.await(
                r -> (instanceId + "/" + support + "/VOICE/contacts_in_queue").equals(r.key()) && about(r, registered),
                10, Duration.ofSeconds(30));

        LongSummaryStatistics interval = lateness(intervals, wallStart, simStart);
        LongSummaryStatistics cloudWatch = lateness(minutes, wallStart, simStart);
        LongSummaryStatistics realTime = lateness(snapshots, wallStart, simStart);
        LOG.infof("Lateness on the simulator's clock (s): interval metrics %s; CloudWatch minutes %s; real-time %s",
                interval, cloudWatch, realTime);

        assertThat(interval.getCount()).isPositive();
        assertThat(interval.getMin()).as("an interval waits for its settle delay").isGreaterThanOrEqualTo(SETTLE.toSeconds());
        // Settle delay, one real-time poll (20 s here), and the outbox relay on a loaded machine (6 s = 120 s here).
        assertThat(interval.getMax()).isLessThanOrEqualTo(SETTLE.toSeconds() + 20 + 120);
        assertThat(cloudWatch.getCount()).isPositive();
        assertThat(cloudWatch.getMin()).isGreaterThanOrEqualTo(SETTLE.toSeconds());
        // Settle delay, one CloudWatch poll (60 s here), relay and load.
        assertThat(cloudWatch.getMax()).isLessThanOrEqualTo(SETTLE.toSeconds() + 60 + 120);
        assertThat(realTime.getMax()).isLessThanOrEqualTo(120);
    }

    private static boolean about(ConsumerRecord<String, String> record, Instant after) {
        return EventCodec.decode(record.value(), MetricSample.class).data().timestamp().isAfter(after);
    }

    /**
     * Seconds of the source's time between each sample's own time (snapshot, interval or minute end) and the moment
     * its record reached the topic.
     */
    private static LongSummaryStatistics lateness(List<ConsumerRecord<String, String>> records, Instant wallStart,
            Instant simStart) {
        return records.stream().mapToLong(r -> {
            Instant own = EventCodec.decode(r.value(), MetricSample.class).data().timestamp();
            Instant published = simStart.plus(Duration.between(wallStart, Instant.ofEpochMilli(r.timestamp())).multipliedBy(SPEED));
            return Duration.between(own, published).toSeconds();
        }).summaryStatistics();
    }
}
