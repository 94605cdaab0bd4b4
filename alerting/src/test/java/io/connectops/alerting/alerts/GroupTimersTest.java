package io.connectops.alerting.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.connectops.alerting.config.AlertingConfig;
import io.connectops.alerting.rules.Aggregation;
import io.connectops.alerting.rules.NoDataPolicy;
import io.connectops.alerting.rules.RuleSpec;
import io.connectops.alerting.rules.ThresholdComparator;
import io.connectops.contracts.Severity;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Group waits per severity, with the defaults production runs with. */
class GroupTimersTest {

    private static GroupTimers timers(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "test", 300))
                .withMapping(AlertingConfig.class).build();
        GroupTimers timers = new GroupTimers();
        timers.config = config.getConfigMapping(AlertingConfig.class);
        return timers;
    }

    private static RuleSpec rule(Severity severity, Duration groupWait) {
        return new RuleSpec("r", "rule", "abandonment_rate", null, null, null, Aggregation.LAST, 0,
                ThresholdComparator.GT, 5, 0, 0, NoDataPolicy.RESOLVE, severity, Map.of(), "s", "d", null, null,
                groupWait, null, null, null);
    }

    @Test
    void aP1DoesNotWaitWhileLowerSeveritiesKeepAShortWaitByDefault() {
        GroupTimers timers = timers(Map.of());

        assertThat(timers.groupWait(rule(Severity.P1, null))).isEqualTo(Duration.ZERO);
        assertThat(timers.announcedAtOnce(rule(Severity.P1, null))).isTrue();
        assertThat(timers.groupWait(rule(Severity.P2, null))).isEqualTo(Duration.ofSeconds(10));
        assertThat(timers.announcedAtOnce(rule(Severity.P2, null))).isFalse();
        assertThat(timers.groupWait(rule(Severity.P3, null))).isEqualTo(Duration.ofSeconds(30));
        assertThat(timers.groupWait(rule(Severity.P4, null))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void eachSeverityWaitIsConfigurableAndARulesOwnWaitWins() {
        GroupTimers timers = timers(Map.of("connectops.alerting.grouping.group-wait-by-severity.p1", "PT2S",
                "connectops.alerting.grouping.group-wait-by-severity.p2", "PT5S"));

        assertThat(timers.groupWait(rule(Severity.P1, null))).isEqualTo(Duration.ofSeconds(2));
        assertThat(timers.groupWait(rule(Severity.P2, null))).isEqualTo(Duration.ofSeconds(5));
        assertThat(timers.groupWait(rule(Severity.P2, Duration.ofSeconds(1)))).isEqualTo(Duration.ofSeconds(1));
        assertThat(timers.groupWait(rule(Severity.P1, Duration.ofSeconds(20)))).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void theSingleGroupWaitOfEarlierReleasesStillAppliesToEverySeverity() {
        GroupTimers timers = timers(Map.of("connectops.alerting.grouping.group-wait", "PT7S"));

        for (Severity severity : Severity.values()) {
            assertThat(timers.groupWait(rule(severity, null))).isEqualTo(Duration.ofSeconds(7));
        }
    }
}
