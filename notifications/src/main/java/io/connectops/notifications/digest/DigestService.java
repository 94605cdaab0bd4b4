package io.connectops.notifications.digest;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.connectops.contracts.EventCodec;
import io.connectops.notifications.channels.Channel;
import io.connectops.notifications.config.NotificationsConfig;
import io.connectops.notifications.content.Digest;
import io.connectops.notifications.delivery.DeliveryWorker;
import io.connectops.notifications.intake.NotificationPlanner;
import io.connectops.notifications.senders.ChannelType;
import io.quarkus.scheduler.Scheduled;

/**
 * The weekly digest. A run claims its period in {@code digest_run} (one replica wins, a restarted one finds it taken)
 * and, in the same transaction, takes every waiting item and stores one delivery per channel; so each item goes
 * into exactly one digest, and the queue sends it with the usual retries.
 */
@ApplicationScoped
public class DigestService {

    private static final Logger LOG = Logger.getLogger(DigestService.class);

    @Inject
    NotificationsConfig config;

    @Inject
    EntityManager entityManager;

    @Inject
    NotificationPlanner planner;

    @Inject
    DeliveryWorker worker;

    @Scheduled(every = "60s", delayed = "20s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        if (!config.digest().enabled()) {
            return;
        }
        try {
            runIfDue(Instant.now());
        } catch (RuntimeException e) {
            LOG.warnf("Weekly digest not run now, next try in a minute: %s", e.getMessage());
        }
    }

    /** Runs the digest of the latest scheduled time before {@code now} unless a run has claimed it; deliveries stored. */
    @Transactional
    public int runIfDue(Instant now) {
        Instant due = DigestSchedule.latestDue(now, config.digest().dayOfWeek(), config.digest().time(),
                ZoneId.of(config.digest().zone()));
        return run("weekly:" + due, due);
    }

    /** Sends what is waiting now, outside the schedule (admins, demos, tests). */
    @Transactional
    public int runNow() {
        Instant now = Instant.now();
        return run("manual:" + now + ":" + UUID.randomUUID(), now);
    }

    /** Items waiting for the channel's next digest. */
    @Transactional
    public long waiting(UUID channelId) {
        return ((Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM digest_item WHERE channel_id = ?1 AND digest_key IS NULL")
                .setParameter(1, channelId).getSingleResult()).longValue();
    }

    private int run(String digestKey, Instant collectedTo) {
        int claimed = entityManager.createNativeQuery("INSERT INTO digest_run (digest_key, collected_to)"
                + " VALUES (?1, ?2) ON CONFLICT (digest_key) DO NOTHING")
                .setParameter(1, digestKey).setParameter(2, Timestamp.from(collectedTo)).executeUpdate();
        if (claimed == 0) {
            return 0;
        }
        // FOR UPDATE waits for a concurrent run and then re-reads digest_key, so no item is taken twice.
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("SELECT id, channel_id, event_time, severity, headline,"
                + " status_line FROM digest_item WHERE digest_key IS NULL AND created_at <= ?1"
                + " ORDER BY channel_id, event_time, created_at FOR UPDATE")
                .setParameter(1, Timestamp.from(collectedTo)).getResultList();
        Map<UUID, List<Digest.Entry>> byChannel = new LinkedHashMap<>();
        List<UUID> itemIds = new ArrayList<>();
        for (Object[] row : rows) {
            itemIds.add((UUID) row[0]);
            byChannel.computeIfAbsent((UUID) row[1], id -> new ArrayList<>())
                    .add(new Digest.Entry(instant(row[2]), (String) row[3], (String) row[4], (String) row[5]));
        }
        if (!itemIds.isEmpty()) {
            entityManager.createNativeQuery("UPDATE digest_item SET digest_key = ?1 WHERE id IN (?2)")
                    .setParameter(1, digestKey).setParameter(2, itemIds).executeUpdate();
        }
        int stored = 0;
        Instant now = Instant.now();
        for (Map.Entry<UUID, List<Digest.Entry>> entry : byChannel.entrySet()) {
            Channel channel = Channel.findById(entry.getKey());
            if (channel == null || !channel.enabled || channel.type == ChannelType.SERVICENOW) {
                continue;
            }
            Digest digest = new Digest(digestKey, collectedTo, entry.getValue());
            stored += planner.store(digestKey + "/" + channel.id, digestKey, Digest.TYPE, now, null,
                    "digest:" + digestKey, null, json(digest), channel, null, now);
        }
        entityManager.createNativeQuery("UPDATE digest_run SET deliveries = ?1 WHERE digest_key = ?2")
                .setParameter(1, stored).setParameter(2, digestKey).executeUpdate();
        LOG.infof("Digest %s: %d notice(s) to %d channel(s)", digestKey, itemIds.size(), stored);
        if (stored > 0) {
            worker.wakeUpAfterCommit();
        }
        return stored;
    }

    private static Instant instant(Object value) {
        return value instanceof Timestamp ? ((Timestamp) value).toInstant() : (Instant) value;
    }

    private static String json(Digest digest) {
        try {
            return EventCodec.mapper().writeValueAsString(digest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
