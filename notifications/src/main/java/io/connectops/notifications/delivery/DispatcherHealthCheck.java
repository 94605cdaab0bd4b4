package io.connectops.notifications.delivery;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the delivery dispatcher: DOWN when its thread has died, or when every claim of deliveries has failed
 * for longer than {@link #STUCK_AFTER}; then nothing this replica accepted is sent. Busy senders are not stuck: a
 * dispatcher that waits for a free sender is doing its job.
 */
@Readiness
@ApplicationScoped
public class DispatcherHealthCheck implements HealthCheck {

    static final Duration STUCK_AFTER = Duration.ofMinutes(2);

    @Inject
    DeliveryWorker worker;

    @Override
    public HealthCheckResponse call() {
        return decide(worker.dispatcherAlive(), worker.claimsFailingSince(), worker.lastClaimError(), Instant.now());
    }

    static HealthCheckResponse decide(boolean alive, Instant failingSince, String lastError, Instant now) {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("notifications-dispatcher")
                .withData("dispatcherAlive", alive);
        long failingSeconds = failingSince == null ? 0 : Math.max(0, Duration.between(failingSince, now).toSeconds());
        response.withData("claimsFailingForSeconds", failingSeconds);
        if (lastError != null) {
            response.withData("lastClaimError", lastError);
        }
        boolean stuck = !alive || (failingSince != null && Duration.between(failingSince, now).compareTo(STUCK_AFTER) > 0);
        return stuck ? response.down().build() : response.up().build();
    }
}
