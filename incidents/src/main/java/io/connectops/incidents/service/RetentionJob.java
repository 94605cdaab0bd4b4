package io.connectops.incidents.service;

import java.sql.SQLException;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.connectops.incidents.config.IncidentsConfig;
import io.connectops.platform.retention.BatchedDelete;
import io.quarkus.scheduler.Scheduled;

/**
 * Deletes what only grows once it is older than its retention ({@code connectops.incidents.retention.*}): audit
 * entries, and the delivery records on timelines. Every other timeline entry documents its incident and stays as long
 * as the incident. Deletes run in batches, each in its own short transaction, so that the job never holds many locks;
 * two replicas running it at once delete disjoint or already-deleted rows, which is harmless.
 */
@ApplicationScoped
public class RetentionJob {

    private static final Logger LOG = Logger.getLogger(RetentionJob.class);

    /** The timeline's trigger lets a delivery record go only inside a transaction that says this. */
    static final String ALLOW_TIMELINE_DELIVERY_DELETES = "SET LOCAL connectops.timeline_retention = 'on'";

    /** What one run deleted. */
    public record Deleted(long auditEntries, long timelineDeliveries) {
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    IncidentsConfig config;

    @Scheduled(identity = "incident-retention", every = "${connectops.incidents.retention.interval}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void onSchedule() {
        try {
            Deleted deleted = deleteExpired(Instant.now());
            if (deleted.auditEntries() + deleted.timelineDeliveries() > 0) {
                LOG.infof("Retention deleted %d audit entries and %d timeline delivery records",
                        deleted.auditEntries(), deleted.timelineDeliveries());
            }
        } catch (SQLException e) {
            // The next run deletes what this one left; nothing is lost by waiting.
            LOG.warnf("Retention run failed (SQLState %s), tried again at the next run", e.getSQLState());
        }
    }

    /** Deletes everything older than its retention as of {@code now}. */
    public Deleted deleteExpired(Instant now) throws SQLException {
        int batch = config.retention().batchSize();
        long audit = deleteInBatches(null, "DELETE FROM audit_entry WHERE id IN (SELECT id FROM audit_entry "
                + "WHERE occurred_at < ? ORDER BY occurred_at LIMIT ?)",
                now.minus(config.retention().audit()), batch);
        long deliveries = deleteInBatches(ALLOW_TIMELINE_DELIVERY_DELETES, "DELETE FROM timeline_entry WHERE id IN "
                + "(SELECT id FROM timeline_entry WHERE kind = 'DELIVERY' AND occurred_at < ? ORDER BY occurred_at "
                + "LIMIT ?)", now.minus(config.retention().timelineDeliveries()), batch);
        return new Deleted(audit, deliveries);
    }

    private long deleteInBatches(String setUp, String delete, Instant cutoff, int batch) throws SQLException {
        return BatchedDelete.run(dataSource, setUp, delete, cutoff, batch);
    }
}
