package io.connectops.alerting.alerts;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.connectops.alerting.config.AlertingConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Keeps the alert history for {@code retention.alert-history} (P90D by default): every transition is a row, so the
 * table would grow for ever. Deletes in small transactions; several instances running it at once only share the work.
 */
@ApplicationScoped
public class AlertHistoryRetentionJob {

    private static final Logger LOG = Logger.getLogger(AlertHistoryRetentionJob.class);

    @Inject
    AlertingConfig config;

    @Inject
    AlertStore store;

    @Scheduled(every = "${connectops.alerting.retention.interval:PT1H}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void run() {
        try {
            purge(Instant.now());
        } catch (RuntimeException e) {
            LOG.warnf("Alert history retention failed, retrying at the next run: %s", e.getMessage());
        }
    }

    /** Deletes the history older than the retention at {@code now}, of alerts no longer open; returns how many rows. */
    public long purge(Instant now) {
        Instant before = now.minus(config.retention().alertHistory());
        int batchSize = config.retention().batchSize();
        long total = 0;
        int deleted;
        do {
            deleted = QuarkusTransaction.requiringNew().call(() -> store.purgeHistory(before, batchSize));
            total += deleted;
        } while (deleted == batchSize);
        if (total > 0) {
            LOG.infof("Deleted %d alert history rows recorded before %s", total, before);
        }
        return total;
    }
}
