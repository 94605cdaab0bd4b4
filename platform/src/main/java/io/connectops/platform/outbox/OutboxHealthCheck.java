package io.connectops.platform.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.agroal.api.AgroalDataSource;

/**
 * Readiness of the outbox relay: DOWN once the oldest unsent event of the service is older than
 * {@code connectops.outbox.stuck-after}, whichever replica should have sent it. Every event a service announces
 * leaves through the outbox, so a stuck relay means that nobody downstream hears of anything.
 */
@Readiness
@ApplicationScoped
public class OutboxHealthCheck implements HealthCheck {

    private static final String OLDEST_UNSENT = "SELECT created_at FROM outbox_event WHERE sent_at IS NULL "
            + "ORDER BY seq LIMIT 1";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    OutboxRelay relay;

    @Inject
    OutboxConfig config;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Outbox relay")
                .withData("relayEnabledHere", config.relayEnabled())
                .withData("pending", relay.pending());
        if (relay.lastError() != null) {
            response.withData("lastError", relay.lastError());
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement oldest = connection.prepareStatement(OLDEST_UNSENT);
                ResultSet result = oldest.executeQuery()) {
            if (!result.next()) {
                return response.withData("oldestUnsentAgeSeconds", 0).up().build();
            }
            Timestamp createdAt = result.getTimestamp(1);
            Duration age = Duration.between(createdAt.toInstant(), Instant.now());
            response.withData("oldestUnsentAgeSeconds", Math.max(0, age.toSeconds()));
            return age.compareTo(config.stuckAfter()) > 0 ? response.down().build() : response.up().build();
        } catch (SQLException e) {
            // The database check reports the database; this one says only that it cannot tell.
            return response.withData("error", "cannot read the outbox: " + e.getSQLState()).down().build();
        }
    }
}
