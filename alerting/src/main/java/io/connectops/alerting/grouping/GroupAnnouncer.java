package io.connectops.alerting.grouping;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import io.connectops.alerting.alerts.Alert;
import io.connectops.alerting.alerts.AlertPublisher;
import io.connectops.alerting.alerts.AlertService;
import io.connectops.alerting.alerts.AlertStore;
import io.connectops.alerting.external.ExternalAlertService;
import io.connectops.alerting.rules.RuleCatalog;
import io.connectops.alerting.rules.RuleSpec;
import io.connectops.alerting.suppression.SilenceService;
import io.connectops.alerting.suppression.Suppression;
import io.connectops.contracts.AlertEvent;
import io.connectops.platform.outbox.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Announces firing alerts by group, as Alertmanager does: a new group after its group wait (alerts that fire together
 * are announced together), a changed group at most once per group interval, and a group still firing again after its
 * repeat interval. Also gives back to the announcement the firing alerts whose silence ended (or was expired) or whose
 * inhibiting alert stopped firing. Groups are claimed with {@code FOR UPDATE SKIP LOCKED}, so several instances of
 * the service never announce one twice.
 */
@ApplicationScoped
public class GroupAnnouncer {

    private static final Logger LOG = Logger.getLogger(GroupAnnouncer.class);
    /** Small rounds: a round holds its groups' rows, which checkpoints scheduling those groups wait for. */
    private static final int GROUPS_PER_ROUND = 50;
    private static final String NO_WAIT = "jakarta.persistence.lock.timeout";
    private static final String DUE_GROUPS = "SELECT group_key, last_announced_at, repeat_at FROM alert_group "
            + "WHERE next_announce_at <= now() OR repeat_at <= now() ORDER BY group_key LIMIT " + GROUPS_PER_ROUND
            + " FOR UPDATE SKIP LOCKED";
    private static final String ANNOUNCED = "UPDATE alert_group SET last_announced_at = CAST(?2 AS timestamptz), next_announce_at = NULL, "
            + "repeat_at = CAST(?2 AS timestamptz) + repeat_interval_ms * interval '1 millisecond', updated_at = now() WHERE group_key = ?1";
    private static final String NOTHING_TO_ANNOUNCE = "UPDATE alert_group SET next_announce_at = NULL, repeat_at = NULL, "
            + "updated_at = now() WHERE group_key = ?1";
    /** A group without firing alerts is over: the next alert in it starts a new group, with a new group wait. */
    private static final String DROP_EMPTY_GROUPS = "DELETE FROM alert_group g WHERE NOT EXISTS (SELECT 1 FROM alert a "
            + "WHERE a.group_key = g.group_key AND a.state = 'FIRING')";

    @Inject
    EntityManager entityManager;

    @Inject
    Outbox outbox;

    @Inject
    AlertStore store;

    @Inject
    AlertPublisher publisher;

    @Inject
    AlertService alerts;

    @Inject
    SilenceService silences;

    @Inject
    ExternalAlertService externalAlerts;

    @Inject
    RuleCatalog catalog;

    /** Announces the groups made due at once, off the thread of the transaction that scheduled them (the evaluator's). */
    private final ExecutorService announceNow = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "alert-group-announcer");
        thread.setDaemon(true);
        return thread;
    });
    /** An announcement is queued and has not started: one queued is enough for any number of due groups. */
    private final AtomicBoolean queued = new AtomicBoolean();

    /**
     * A group that does not wait (a P1's) is announced as soon as the checkpoint that scheduled it commits, instead of
     * up to a tick later. Claiming rows with SKIP LOCKED keeps this and the scheduled tick from announcing one twice.
     */
    void onGroupsDueNow(@Observes(during = TransactionPhase.AFTER_SUCCESS) AlertStore.GroupsDueNow due) {
        if (queued.compareAndSet(false, true)) {
            announceNow.execute(() -> {
                queued.set(false);
                tick();
            });
        }
    }

    @PreDestroy
    void stopAnnouncingNow() {
        announceNow.shutdownNow();
    }

    @Scheduled(every = "${connectops.alerting.grouping.tick:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        try {
            QuarkusTransaction.requiringNew().run(this::releaseEndedSuppressions);
            int announced;
            do {
                announced = QuarkusTransaction.requiringNew().call(this::announceDueGroups);
            } while (announced == GROUPS_PER_ROUND);
        } catch (RuntimeException e) {
            if (isLockNotAvailable(e)) {
                // Expected: the evaluator's checkpoint or another replica holds the rows this very moment.
                LOG.debugf("Alert rows locked elsewhere, announcing on the next tick");
            } else {
                LOG.warnf("Announcing alert groups failed, retrying on the next tick: %s", e.getMessage());
            }
        }
    }

    /** PostgreSQL's lock_not_available (55P03), which NOWAIT raises instead of waiting. */
    private static boolean isLockNotAvailable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && "55P03".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Firing alerts kept quiet by a silence that has ended (or was expired) or by an inhibiting alert that no longer
     * fires go back to their group, which announces them (as a change of an announced group, or as a new group).
     */
    void releaseEndedSuppressions() {
        List<Alert> suppressed = Alert.<Alert>find("state = ?1 and suppressedBy is not null", AlertEvent.State.FIRING)
                .withLock(LockModeType.PESSIMISTIC_WRITE).withHint(NO_WAIT, 0).list();
        if (suppressed.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        Map<String, Boolean> ended = new HashMap<>();
        Map<String, RuleSpec> released = new HashMap<>();
        for (Alert alert : suppressed) {
            boolean over = ended.computeIfAbsent(alert.suppressedBy, by -> suppressionEnded(by, now));
            RuleSpec rule = ruleOf(alert);
            if (!over || rule == null) {
                continue;
            }
            LOG.infof("Alert %s is no longer suppressed by %s", alert.fingerprint, alert.suppressedBy);
            alert.suppressedBy = null;
            alert.updatedAt = now;
            released.put(alert.groupKey, rule);
        }
        store.scheduleGroups(released);
    }

    private boolean suppressionEnded(String suppressedBy, Instant now) {
        Suppression suppression = Suppression.ofColumn(suppressedBy);
        if (suppression.kind() == Suppression.Kind.INHIBITION) {
            return !alerts.firesUnmuted(suppression.by());
        }
        return silences.ended(suppression.by(), now);
    }

    /** Announces the groups that are due; returns how many it claimed. */
    int announceDueGroups() {
        entityManager.createNativeQuery(DROP_EMPTY_GROUPS).executeUpdate();
        // No statement of a round reads what an earlier group of it changed: flushing every alert already announced
        // before each query made a round of many groups quadratic.
        entityManager.setFlushMode(FlushModeType.COMMIT);
        @SuppressWarnings("unchecked")
        List<Object[]> due = entityManager.createNativeQuery(DUE_GROUPS).getResultList();
        if (due.isEmpty()) {
            return 0;
        }
        Instant now = Instant.now();
        List<Outbox.Message> messages = new ArrayList<>();
        for (Object[] row : due) {
            String groupKey = (String) row[0];
            boolean everAnnounced = row[1] != null;
            Instant repeatAt = instantOf(row[2]);
            boolean repeatDue = repeatAt != null && !repeatAt.isAfter(now);
            // Locked without waiting: a checkpoint changing one of them is never overwritten, and one that holds them
            // (and waits for this group's row) makes this round fail and the next tick retry, rather than deadlock.
            List<Alert> firing = Alert.<Alert>find("groupKey = ?1 and state = ?2 and suppressedBy is null "
                    + "order by fingerprint", groupKey, AlertEvent.State.FIRING)
                    .withLock(LockModeType.PESSIMISTIC_WRITE).withHint(NO_WAIT, 0).list();
            int before = messages.size();
            for (Alert alert : firing) {
                boolean fresh = alert.publishedState != AlertEvent.State.FIRING;
                if (!fresh && !repeatDue) {
                    continue;
                }
                RuleSpec rule = ruleOf(alert);
                if (rule == null) {
                    continue;
                }
                AlertEvent.Announcement announcement = !fresh ? AlertEvent.Announcement.REPEAT
                        : everAnnounced ? AlertEvent.Announcement.CHANGED : AlertEvent.Announcement.NEW;
                // The first announcement of a firing keeps the id of its transition; a repeat is an event of its own.
                String eventId = fresh ? AlertPublisher.eventIdOf(alert.fingerprint, AlertEvent.State.FIRING.name(),
                        alert.changedAt) : AlertPublisher.eventIdOf(alert.fingerprint, "REPEAT", now);
                messages.add(publisher.publish(alert, rule, AlertEvent.State.FIRING, alert.value, alert.reason,
                        alert.startsAt, null, eventId, announcement));
                if (fresh) {
                    store.markFiringPublished(alert.fingerprint, alert.changedAt);
                }
            }
            if (messages.size() > before) {
                entityManager.createNativeQuery(ANNOUNCED).setParameter(1, groupKey).setParameter(2, now).executeUpdate();
            } else {
                entityManager.createNativeQuery(NOTHING_TO_ANNOUNCE).setParameter(1, groupKey).executeUpdate();
            }
        }
        outbox.publishAll(messages);
        return due.size();
    }

    private RuleSpec ruleOf(Alert alert) {
        if (alert.labels.getOrDefault("metric", "").startsWith(RuleSpec.EXTERNAL_PREFIX)) {
            return externalAlerts.ruleOf(alert.fingerprint).orElse(null);
        }
        RuleCatalog.Snapshot rules = catalog.current();
        RuleSpec rule = rules.byId().get(alert.ruleId);
        return rule != null ? rule : rules.retired().get(alert.ruleId);
    }

    private static Instant instantOf(Object column) {
        if (column == null) {
            return null;
        }
        if (column instanceof Instant) {
            return (Instant) column;
        }
        if (column instanceof Timestamp) {
            return ((Timestamp) column).toInstant();
        }
        if (column instanceof OffsetDateTime) {
            return ((OffsetDateTime) column).toInstant();
        }
        throw new IllegalStateException("Unexpected time column " + column.getClass());
    }
}
