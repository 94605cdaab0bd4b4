package io.connectops.notifications.channels;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Keeps channel secrets sealed the current way ({@link SecretUpgrade}) and counts the channels whose secrets cannot
 * be opened: meter {@code notifications.channels.secrets_unreadable} and the readiness check
 * {@code notifications-channel-secrets}. Such a channel only stops itself; the others list, route and deliver.
 */
@ApplicationScoped
public class ChannelSecretsMonitor {

    public static final String METER = "notifications.channels.secrets_unreadable";
    private static final Logger LOG = Logger.getLogger(ChannelSecretsMonitor.class);

    @Inject
    EntityManager entityManager;

    @Inject
    SecretSeal seal;

    @Inject
    SecretUpgrade upgrade;

    @Inject
    MeterRegistry registry;

    private final AtomicLong unreadable = new AtomicLong();
    private volatile boolean counted;

    void onStart(@Observes StartupEvent startup) {
        Gauge.builder(METER, unreadable, AtomicLong::get)
                .description("Channels whose secrets cannot be opened with the configured keys").register(registry);
        refresh();
    }

    @Scheduled(every = "60s", delayed = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        refresh();
    }

    /** Re-seals what needs it, then counts the unreadable channels; returns the count. */
    public long refresh() {
        try {
            upgrade.upgrade();
        } catch (RuntimeException e) {
            LOG.warnf("Channel secrets not re-sealed: %s", e.getMessage());
        }
        try {
            long found = countUnreadable();
            long before = unreadable.getAndSet(found);
            if (found != before || (!counted && found > 0)) {
                if (found > 0) {
                    LOG.warnf("%d channel(s) have secrets that cannot be opened (retired key or damaged value); they"
                            + " are listed with secretsUnreadable=true: give their secrets again with PUT", found);
                } else {
                    LOG.infof("Every channel's secrets open again");
                }
            }
            counted = true;
            return found;
        } catch (RuntimeException e) {
            LOG.debugf("Unreadable channel secrets not counted: %s", e.getMessage());
            return unreadable.get();
        }
    }

    /** The count of the last refresh. */
    public long unreadable() {
        return unreadable.get();
    }

    @Transactional
    @SuppressWarnings("unchecked")
    long countUnreadable() {
        List<Object[]> rows = entityManager.createNativeQuery(
                "SELECT id, sealed_secrets FROM channel WHERE sealed_secrets IS NOT NULL").getResultList();
        long found = 0;
        for (Object[] row : rows) {
            try {
                seal.open((String) row[1], (UUID) row[0]);
            } catch (IllegalStateException e) {
                found++;
            }
        }
        return found;
    }
}
