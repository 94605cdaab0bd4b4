package io.connectops.alerting.grouping;

import static io.connectops.alerting.AlertingFixtures.T0;
import static io.connectops.alerting.AlertingFixtures.alertEventsUntil;
import static io.connectops.alerting.AlertingFixtures.createRule;
import static io.connectops.alerting.AlertingFixtures.uniqueInstance;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.connectops.alerting.AlertingFixtures;
import io.connectops.alerting.evaluation.RuleEvaluator;
import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.AlertEvent.Announcement;
import io.connectops.contracts.AlertEvent.State;
import io.connectops.contracts.MetricSample;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A P1's group is announced as soon as the breach is recorded; a lower severity waits its configured group wait (the
 * test profile gives P4 five seconds and P2 and P3 none, so that the other tests need not wait).
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class GroupWaitBySeverityTest {

    private static final String METRIC = "abandonment_rate";
    private static final Duration P4_WAIT = Duration.ofSeconds(5);

    /** Wall-clock time from sending a breaching sample to receiving its group's first announcement. */
    private static Duration breachToAnnouncement(String severity, AlertEvent[] announced) {
        String instance = uniqueInstance();
        String rule = createRule(instance, METRIC, "GT", 5, "PT0S", "PT0S", severity);
        MetricSample breach = new MetricSample("test", instance, "q-1", null, null, METRIC, 9.0, "PERCENT", T0, null);
        String fingerprint = RuleEvaluator.fingerprint(rule, breach.seriesKey());

        long sent = System.nanoTime();
        AlertingFixtures.send(List.of(breach));
        List<AlertEvent> events = alertEventsUntil(fingerprint, e -> e.state() == State.FIRING, Duration.ofSeconds(45));
        Duration latency = Duration.ofNanos(System.nanoTime() - sent);
        announced[0] = events.get(events.size() - 1);
        return latency;
    }

    @Test
    void aP1BreachIsAnnouncedWithoutAGroupWait() {
        AlertEvent[] announced = new AlertEvent[1];

        Duration latency = breachToAnnouncement("P1", announced);

        assertThat(announced[0].announcement()).isEqualTo(Announcement.NEW);
        assertThat(announced[0].groupWait()).isEqualTo(Duration.ZERO);
        // Neither a group wait nor the next checkpoint or grouping tick: well under the P4's wait.
        assertThat(latency).isLessThan(P4_WAIT.minusSeconds(1));
        System.out.printf("P1 breach to announcement on ops.alerts.v1: %d ms%n", latency.toMillis());
    }

    @Test
    void aLowerSeverityWaitsItsConfiguredGroupWait() {
        AlertEvent[] announced = new AlertEvent[1];

        Duration latency = breachToAnnouncement("P4", announced);

        assertThat(announced[0].announcement()).isEqualTo(Announcement.NEW);
        assertThat(announced[0].groupWait()).isEqualTo(P4_WAIT);
        assertThat(latency).isGreaterThanOrEqualTo(P4_WAIT);
    }
}
