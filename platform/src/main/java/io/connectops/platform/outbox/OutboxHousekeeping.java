package io.connectops.platform.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;

/** Deletes sent outbox rows and applied-event ids once they are older than their retention. */
@ApplicationScoped
public class OutboxHousekeeping {

    private static final Logger LOG = Logger.getLogger(OutboxHousekeeping.class);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    OutboxConfig config;

    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void deleteExpired() {
        Timestamp sentCutoff = Timestamp.from(Instant.now().minus(config.retention()));
        Timestamp appliedCutoff = Timestamp.from(Instant.now().minus(config.appliedEventRetention()));
        try (Connection connection = dataSource.getConnection()) {
            int events = delete(connection, "DELETE FROM outbox_event WHERE sent_at < ?", sentCutoff);
            int applied = delete(connection, "DELETE FROM applied_event WHERE applied_at < ?", appliedCutoff);
            if (events + applied > 0) {
                LOG.debugf("Deleted %d sent outbox events and %d applied-event ids", events, applied);
            }
        } catch (SQLException e) {
            LOG.warnf("Outbox housekeeping failed: %s", e.getMessage());
        }
    }

    private static int delete(Connection connection, String sql, Timestamp cutoff) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(sql)) {
            delete.setTimestamp(1, cutoff);
            return delete.executeUpdate();
        }
    }
}
