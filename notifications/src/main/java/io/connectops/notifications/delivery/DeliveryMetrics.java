package io.connectops.notifications.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.connectops.notifications.senders.ChannelType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Delivery meters: {@code notifications.deliveries} (per channel type and outcome: delivered, retried,
 * dead_lettered), {@code notifications.delivery.latency} (event time to delivery, per channel type) and
 * {@code notifications.pending} (deliveries waiting to be sent, from the database, so every replica reports the queue).
 */
@ApplicationScoped
public class DeliveryMetrics {

    public static final String DELIVERED = "delivered";
    public static final String RETRIED = "retried";
    public static final String DEAD_LETTERED = "dead_lettered";

    private static final Logger LOG = Logger.getLogger(DeliveryMetrics.class);

    @Inject
    MeterRegistry registry;

    @Inject
    EntityManager entityManager;

    private final AtomicLong pending = new AtomicLong();

    void register(@Observes StartupEvent startup) {
        for (ChannelType type : ChannelType.values()) {
            for (String outcome : new String[] {DELIVERED, RETRIED, DEAD_LETTERED}) {
                counter(type, outcome);
            }
            timer(type);
        }
        Gauge.builder("notifications.pending", pending, AtomicLong::get)
                .description("Deliveries waiting to be sent (pending, retrying or being sent)").register(registry);
    }

    public void outcome(ChannelType type, String outcome) {
        counter(type, outcome).increment();
    }

    public void delivered(ChannelType type, Instant eventTime, Instant deliveredAt) {
        counter(type, DELIVERED).increment();
        if (eventTime != null) {
            Duration latency = Duration.between(eventTime, deliveredAt);
            timer(type).record(latency.isNegative() ? Duration.ZERO : latency);
        }
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void refreshPending() {
        try {
            pending.set(((Number) entityManager.createNativeQuery(
                    "SELECT count(*) FROM delivery WHERE status IN ('PENDING', 'RETRYING', 'SENDING')")
                    .getSingleResult()).longValue());
        } catch (RuntimeException e) {
            LOG.debugf("Pending deliveries not counted: %s", e.getMessage());
        }
    }

    private Counter counter(ChannelType type, String outcome) {
        return Counter.builder("notifications.deliveries").description("Delivery attempts by outcome")
                .tag("channel_type", type.name()).tag("outcome", outcome).register(registry);
    }

    private Timer timer(ChannelType type) {
        return Timer.builder("notifications.delivery.latency").description("From event time to delivery")
                .tag("channel_type", type.name()).publishPercentileHistogram(false).register(registry);
    }
}
