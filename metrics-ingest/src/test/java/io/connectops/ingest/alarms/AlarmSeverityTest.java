package io.connectops.ingest.alarms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.connectops.contracts.Severity;

class AlarmSeverityTest {

    private final AlarmSeverity rules = new AlarmSeverity(
            Map.of("connect-", Severity.P3, "connect-critical-", Severity.P1), true);

    @Test
    void theLongestMatchingNamePrefixWins() {
        assertThat(rules.of("connect-critical-flow-errors", "severity=P4")).contains(Severity.P1);
        assertThat(rules.of("connect-queue-wait", null)).contains(Severity.P3);
    }

    @Test
    void withoutAPrefixTheDescriptionTagDecides() {
        assertThat(rules.of("lambda-errors", "Lookup Lambda failing. severity: p2")).contains(Severity.P2);
        assertThat(rules.of("lambda-errors", "[P4] nightly batch")).contains(Severity.P4);
    }

    @Test
    void noRuleAndNoTagIsNoSeverity() {
        assertThat(rules.of("lambda-errors", "Errors of the lookup Lambda")).isEmpty();
        assertThat(rules.of("lambda-errors", "P2P transfers")).isEmpty();
        assertThat(new AlarmSeverity(Map.of(), false).of("lambda-errors", "severity=P1")).isEmpty();
    }
}
