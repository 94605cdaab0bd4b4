package io.connectops.alerting.evaluation;

import static io.connectops.alerting.AlertingFixtures.T0;
import static io.connectops.alerting.AlertingFixtures.alertEventsUntil;
import static io.connectops.alerting.AlertingFixtures.createRule;
import static io.connectops.alerting.AlertingFixtures.fingerprint;
import static io.connectops.alerting.AlertingFixtures.sendMinutes;
import static io.connectops.alerting.AlertingFixtures.uniqueInstance;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.AlertEvent.State;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A whole Connect instance that stops sending stops its event time too: after a (short, here) wall-clock silence its
 * alerts resolve with reason "no data", and rules for which absence is the problem fire.
 */
@QuarkusTest
@TestProfile(InstanceSilenceTest.ShortInstanceSilence.class)
@WithTestResource(RealInfrastructure.class)
class InstanceSilenceTest {

    public static class ShortInstanceSilence implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("connectops.alerting.evaluation.instance-silent-after", "PT3S");
        }
    }

    @Test
    void anInstanceThatGoesSilentResolvesItsAlertsWithNoDataAndFiresAbsenceRules() {
        String instance = uniqueInstance();
        String threshold = createRule(instance, "abandonment_rate", "GT", 5, "PT0S", "PT0S", "P3");
        String absence = createRule(instance, "ivr_response_time", "GT", 5000, "PT0S", "PT0S", "P2",
                Map.of("noData", "FIRE"));
        sendMinutes(instance, "abandonment_rate", 0, 0, 9.0);
        sendMinutes(instance, "ivr_response_time", 0, 0, 800.0);

        List<AlertEvent> resolved = alertEventsUntil(fingerprint(threshold, instance, "abandonment_rate"),
                e -> e.state() == State.RESOLVED, Duration.ofSeconds(60));
        assertThat(resolved).extracting(AlertEvent::state).containsExactly(State.FIRING, State.RESOLVED);
        assertThat(resolved.get(1).reason()).isEqualTo(RuleEvaluator.REASON_NO_DATA);

        List<AlertEvent> fired = alertEventsUntil(fingerprint(absence, instance, "ivr_response_time"),
                e -> e.state() == State.FIRING, Duration.ofSeconds(60));
        assertThat(fired).extracting(AlertEvent::state).containsExactly(State.FIRING);
        assertThat(fired.get(0).reason()).isEqualTo(RuleEvaluator.REASON_NO_DATA);
        // Ten minutes (the no-data timeout) after its last value, in event time.
        assertThat(fired.get(0).startsAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
    }
}
