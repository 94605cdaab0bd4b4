package io.connectops.notifications.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class DispatcherHealthCheckTest {

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

    @Test
    void aLiveDispatcherWhoseClaimsSucceedIsUp() {
        assertThat(DispatcherHealthCheck.decide(true, null, null, NOW).getStatus())
                .isEqualTo(HealthCheckResponse.Status.UP);
    }

    @Test
    void claimsFailingForAMomentAreStillUp() {
        HealthCheckResponse response = DispatcherHealthCheck.decide(true, NOW.minusSeconds(30), "SQLException", NOW);
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(response.getData().get()).containsEntry("claimsFailingForSeconds", 30L)
                .containsEntry("lastClaimError", "SQLException");
    }

    @Test
    void claimsFailingForLongerThanTheThresholdAreDown() {
        assertThat(DispatcherHealthCheck.decide(true, NOW.minus(DispatcherHealthCheck.STUCK_AFTER).minusSeconds(1),
                "SQLException", NOW).getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    }

    @Test
    void aDeadDispatcherThreadIsDown() {
        assertThat(DispatcherHealthCheck.decide(false, null, null, NOW).getStatus())
                .isEqualTo(HealthCheckResponse.Status.DOWN);
    }
}
