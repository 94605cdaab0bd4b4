package io.connectops.notifications.channels;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * A warning, not an outage: channels whose secrets cannot be opened are counted in the data, and the check stays UP,
 * because the other channels are served and taking the pod out of service would not repair them (an admin's PUT
 * does). Only the count is shown: the health endpoint needs no token, so no names or ids.
 */
@Readiness
@ApplicationScoped
public class ChannelSecretsHealthCheck implements HealthCheck {

    @Inject
    ChannelSecretsMonitor monitor;

    @Override
    public HealthCheckResponse call() {
        long unreadable = monitor.unreadable();
        return HealthCheckResponse.named("notifications-channel-secrets").up()
                .withData("unreadableChannels", unreadable)
                .withData("warning", unreadable == 0 ? "none"
                        : unreadable + " channel(s) cannot open their secrets;"
                                + " give them again with PUT /api/v1/channels/{id}")
                .build();
    }
}
