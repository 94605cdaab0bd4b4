package io.connectops.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.MetricSample;
import io.connectops.contracts.Topics;
import io.connectops.ingest.ConnectFixtures;
import io.connectops.ingest.domain.PollOperation;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestKafka;
import io.connectops.simulator.ConnectSimulator;
import io.connectops.simulator.Scenario;
import io.connectops.simulator.SimulatedInstance;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Interval metrics on the source's clock, moved by hand: an interval is published by the first real-time poll after
 * it closed plus the settle delay (PT2M), and read once more after the correction delay (PT30M), when a value
 * Connect changed meanwhile is published again as a new event of the same time.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class IntervalsOnTimeAndCorrectedTest {

    private static final Instant DAY = Instant.parse("2026-03-02T00:00:00Z");

    /** The simulator's clock, moved by the test; the scenario keeps its start. */
    static final class HandClock extends Clock {
        volatile Instant now;

        HandClock(Instant now) {
            this.now = now;
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

    private final HandClock clock = new HandClock(at("10:17:30"));
    private ConnectSimulator simulator;
    private UUID source;

    @Inject
    PollService polls;

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

    private static Instant at(String time) {
        return Instant.parse("2026-03-02T" + time + "Z");
    }

    private long rows(String series, String intervalEnd) {
        return ConnectFixtures.outboxRows(dataSource, Topics.METRICS, "\"subject\":\"" + series + "\"",
                "\"timestamp\":\"" + at(intervalEnd) + "\"");
    }

    @Test
    void anIntervalIsPublishedByTheFirstRealTimePollAfterItSettledAndALateValueIsPublishedOnceAsACorrection() {
        simulator = ConnectSimulator.start(0, Scenario.NORMAL_DAY).clock(clock);
        String instanceId = ConnectFixtures.newInstanceId();
        SimulatedInstance instance = simulator.instance(instanceId);
        String series = instanceId + "/" + instance.queueIds().get(0) + "/VOICE/abandonment_rate";
        source = ConnectFixtures.register(simulator, instanceId, null);
        // The scheduler's first interval poll at 10:17:30 publishes the interval that closed at 10:15.
        awaitFirstIntervalPoll();
        assertThat(rows(series, "10:15:00")).isEqualTo(1);

        // 10:31: the 10:30 interval closed a minute ago, not yet settled.
        clock.now = at("10:31:00");
        assertThat(polls.poll(source, PollOperation.CURRENT_METRICS).failed()).isFalse();
        assertThat(rows(series, "10:30:00")).isZero();
        // 10:32: settled; the real-time poll publishes it before it returns.
        clock.now = at("10:32:00");
        assertThat(polls.poll(source, PollOperation.CURRENT_METRICS).failed()).isFalse();
        assertThat(rows(series, "10:30:00")).isEqualTo(1);

        // Connect finishes the 10:15 interval late; 30 minutes after it settled, it is read again.
        instance.intervalValue("ABANDONMENT_RATE", at("10:15:00"), 42.0);
        clock.now = at("10:47:30");
        assertThat(polls.poll(source, PollOperation.CURRENT_METRICS).failed()).isFalse();
        assertThat(rows(series, "10:45:00")).isEqualTo(1);
        assertThat(rows(series, "10:15:00")).isEqualTo(2);
        // Only the changed metric is published again; the others of that interval are not.
        String handled = instanceId + "/" + instance.queueIds().get(0) + "/VOICE/contacts_handled";
        assertThat(rows(handled, "10:15:00")).isEqualTo(1);

        // The next interval: 10:30 is read again (unchanged: nothing published), 10:15 is not read a third time.
        clock.now = at("11:02:30");
        assertThat(polls.poll(source, PollOperation.CURRENT_METRICS).failed()).isFalse();
        assertThat(rows(series, "11:00:00")).isEqualTo(1);
        assertThat(rows(series, "10:30:00")).isEqualTo(1);
        assertThat(rows(series, "10:15:00")).isEqualTo(2);

        List<ConsumerRecord<String, String>> fifteen = TestKafka.awaitRecords(Topics.METRICS,
                r -> series.equals(r.key()) && r.value().contains("\"timestamp\":\"" + at("10:15:00") + "\""), 2,
                Duration.ofSeconds(30));
        assertThat(fifteen).extracting(r -> EventCodec.decode(r.value(), MetricSample.class).data().value())
                .containsExactly(3.0, 42.0);
        assertThat(TestKafka.header(fifteen.get(1), "ce_id")).as("a correction is a new event")
                .isNotEqualTo(TestKafka.header(fifteen.get(0), "ce_id"));
    }

    private void awaitFirstIntervalPoll() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> succeeded = ApiSecurity.as(Roles.ADMIN).get("/api/v1/sources/" + source).then().statusCode(200)
                    .extract().jsonPath().getList("pollers.findAll { it.lastSuccessAt != null }.operation");
            if (succeeded.contains("INTERVAL_METRICS")) {
                return;
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        throw new AssertionError("The scheduler did not poll the intervals within 30 s");
    }
}
