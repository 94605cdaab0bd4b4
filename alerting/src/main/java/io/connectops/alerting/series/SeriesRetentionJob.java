package io.connectops.alerting.series;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.connectops.alerting.config.AlertingConfig;
import io.connectops.alerting.rules.RuleCatalog;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Deletes the series rows the evaluator let go of: series whose metric no enabled rule reads (rows left from before
 * the evaluator stopped storing such series, or whose rules were since deleted) and series quiet for longer than
 * {@code retention.idle-series}. The evaluator deletes the unread series it holds itself; this covers the rows it
 * no longer holds. Several instances running it at once only share the work.
 */
@ApplicationScoped
public class SeriesRetentionJob {

    private static final Logger LOG = Logger.getLogger(SeriesRetentionJob.class);

    @Inject
    AlertingConfig config;

    @Inject
    RuleCatalog rules;

    @Inject
    SeriesStore store;

    @Scheduled(every = "${connectops.alerting.retention.interval:PT1H}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void run() {
        try {
            purge(Instant.now());
        } catch (RuntimeException e) {
            LOG.warnf("Series retention failed, retrying at the next run: %s", e.getMessage());
        }
    }

    /** Deletes the forgotten series that no rule reads or that went quiet before the retention at {@code now}. */
    public long purge(Instant now) {
        RuleCatalog.Snapshot current = rules.reload();
        Set<String> read = new HashSet<>(current.byMetric().keySet());
        read.addAll(current.ratiosByDenominator().keySet());
        Instant idleBefore = now.minus(config.retention().idleSeries());
        int batchSize = config.retention().batchSize();
        long total = 0;
        int deleted;
        do {
            deleted = QuarkusTransaction.requiringNew().call(() -> store.purgeForgotten(read, idleBefore, batchSize));
            total += deleted;
        } while (deleted == batchSize);
        if (total > 0) {
            LOG.infof("Deleted %d series no longer evaluated (unread, or quiet since before %s)", total, idleBefore);
        }
        return total;
    }
}
