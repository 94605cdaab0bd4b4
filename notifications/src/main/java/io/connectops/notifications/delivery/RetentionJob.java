package io.connectops.notifications.delivery;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.connectops.notifications.config.NotificationsConfig;
import io.connectops.platform.kafka.TopicProvisioner;
import io.connectops.platform.retention.BatchedDelete;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Deletes what only grows once it is older than its retention ({@code connectops.notifications.retention.*}):
 * finished deliveries (delivered or dead-lettered, with their attempt log: the foreign key cascades), digest items a
 * digest took, digest runs, notification records of resolved alerts, and conversation handles nothing refers to any
 * more. A delivery still waiting, retrying or being sent is never touched, nor are digest items still waiting, nor a
 * firing alert's record (its resolution is owed). Each batch is one short transaction whose rows are locked with
 * {@code SKIP LOCKED}, so replicas running the job at the same time take disjoint batches.
 */
@ApplicationScoped
public class RetentionJob {

    private static final Logger LOG = Logger.getLogger(RetentionJob.class);

    private static final String DELIVERIES = "DELETE FROM delivery WHERE id IN (SELECT id FROM delivery"
            + " WHERE status IN ('DELIVERED', 'DEAD_LETTERED') AND updated_at < ? ORDER BY updated_at LIMIT ?"
            + " FOR UPDATE SKIP LOCKED)";
    private static final String DIGEST_ITEMS = "DELETE FROM digest_item WHERE id IN (SELECT id FROM digest_item"
            + " WHERE digest_key IS NOT NULL AND created_at < ? ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED)";
    private static final String DIGEST_RUNS = "DELETE FROM digest_run WHERE digest_key IN (SELECT digest_key"
            + " FROM digest_run WHERE run_at < ? ORDER BY run_at LIMIT ? FOR UPDATE SKIP LOCKED)";
    private static final String ALERT_NOTIFICATIONS = "DELETE FROM alert_notification WHERE ctid IN (SELECT ctid"
            + " FROM alert_notification WHERE state <> 'FIRING' AND notified_at < ? ORDER BY notified_at LIMIT ?"
            + " FOR UPDATE SKIP LOCKED)";
    private static final String THREADS = "DELETE FROM thread_state WHERE ctid IN (SELECT t.ctid FROM thread_state t"
            + " WHERE t.updated_at < ? AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.channel_id = t.channel_id"
            + " AND d.thread_key = t.thread_key) ORDER BY t.updated_at LIMIT ? FOR UPDATE OF t SKIP LOCKED)";
    private static final String ACKNOWLEDGEMENTS = "DELETE FROM incident_acknowledgement WHERE incident_id IN"
            + " (SELECT incident_id FROM incident_acknowledgement WHERE acknowledged_at < ? ORDER BY acknowledged_at"
            + " LIMIT ? FOR UPDATE SKIP LOCKED)";

    private static final String GROUP_MEMBERS = "DELETE FROM alert_group_member WHERE ctid IN (SELECT ctid"
            + " FROM alert_group_member WHERE state <> 'FIRING' AND changed_at < ? ORDER BY changed_at LIMIT ?"
            + " FOR UPDATE SKIP LOCKED)";
    private static final String GROUPS = "DELETE FROM alert_group WHERE group_key IN (SELECT g.group_key"
            + " FROM alert_group g WHERE g.episode_started_at < ? AND NOT EXISTS (SELECT 1 FROM alert_group_member m"
            + " WHERE m.group_key = g.group_key) ORDER BY g.episode_started_at LIMIT ? FOR UPDATE OF g SKIP LOCKED)";
    private static final String ALERT_INCIDENTS = "DELETE FROM alert_incident WHERE fingerprint IN (SELECT fingerprint"
            + " FROM alert_incident WHERE attached_at < ? ORDER BY attached_at LIMIT ? FOR UPDATE SKIP LOCKED)";
    private static final String INCIDENT_CONVERSATIONS = "DELETE FROM incident_conversation WHERE ctid IN (SELECT"
            + " c.ctid FROM incident_conversation c WHERE c.created_at < ? AND NOT EXISTS (SELECT 1 FROM delivery d"
            + " WHERE d.channel_id = c.channel_id AND d.thread_key = c.thread_key) ORDER BY c.created_at LIMIT ?"
            + " FOR UPDATE OF c SKIP LOCKED)";

    /**
     * What one run deleted. {@code conversations}: resolved alerts of groups (after {@code retention.deliveries}),
     * then, after {@code retention.threads}, groups with no alert left, alerts' incident links and incidents'
     * conversations no delivery refers to any more.
     */
    public record Deleted(long deliveries, long digestItems, long digestRuns, long alertNotifications, long threads,
            long acknowledgements, long conversations) {

        long total() {
            return deliveries + digestItems + digestRuns + alertNotifications + threads + acknowledgements
                    + conversations;
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    NotificationsConfig config;

    @Inject
    TopicProvisioner.TopicsConfig topics;

    /**
     * A delivery's idempotency key (event id + channel) is what stops a redelivered event from being sent again; a
     * key deleted while the topic still holds its event would let a consumer whose offsets were reset send it twice.
     */
    void checkRetention(@Observes StartupEvent startup) {
        requireSafe(config.retention().deliveries(), config.retention().threads(), topics.retention());
    }

    /** Refuses retentions that would forget a delivery while its event can still be consumed again. */
    static void requireSafe(Duration deliveries, Duration threads, Duration topicRetention) {
        if (deliveries.compareTo(topicRetention) < 0) {
            throw new IllegalStateException("connectops.notifications.retention.deliveries (" + deliveries
                    + ") is shorter than the topics' retention connectops.kafka.topics.retention (" + topicRetention
                    + "): a redelivered event could be sent twice");
        }
        if (threads.compareTo(deliveries) < 0) {
            throw new IllegalStateException("connectops.notifications.retention.threads (" + threads
                    + ") is shorter than connectops.notifications.retention.deliveries (" + deliveries + ")");
        }
    }

    @Scheduled(identity = "notification-retention", every = "${connectops.notifications.retention.interval}",
            delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void onSchedule() {
        try {
            Deleted deleted = deleteExpired(Instant.now());
            if (deleted.total() > 0) {
                LOG.infof("Retention deleted %s", deleted);
            }
        } catch (SQLException e) {
            // The next run deletes what this one left; nothing is lost by waiting.
            LOG.warnf("Retention run failed (SQLState %s), tried again at the next run", e.getSQLState());
        }
    }

    /** Deletes everything older than its retention as of {@code now}. */
    public Deleted deleteExpired(Instant now) throws SQLException {
        Instant finished = now.minus(config.retention().deliveries());
        Instant threads = now.minus(config.retention().threads());
        int batch = config.retention().batchSize();
        long deliveries = deleteInBatches(DELIVERIES, finished, batch);
        long digestItems = deleteInBatches(DIGEST_ITEMS, finished, batch);
        long digestRuns = deleteInBatches(DIGEST_RUNS, finished, batch);
        long alertNotifications = deleteInBatches(ALERT_NOTIFICATIONS, finished, batch);
        long threadStates = deleteInBatches(THREADS, threads, batch);
        long acknowledgements = deleteInBatches(ACKNOWLEDGEMENTS, threads, batch);
        long conversations = deleteInBatches(GROUP_MEMBERS, finished, batch) + deleteInBatches(GROUPS, threads, batch)
                + deleteInBatches(ALERT_INCIDENTS, threads, batch)
                + deleteInBatches(INCIDENT_CONVERSATIONS, threads, batch);
        return new Deleted(deliveries, digestItems, digestRuns, alertNotifications, threadStates, acknowledgements,
                conversations);
    }

    private long deleteInBatches(String delete, Instant cutoff, int batch) throws SQLException {
        return BatchedDelete.run(dataSource, null, delete, cutoff, batch);
    }
}
