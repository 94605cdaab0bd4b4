package io.connectops.notifications.service;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.connectops.notifications.config.NotificationsConfig;
import io.connectops.notifications.domain.ChannelType;
import io.quarkus.scheduler.Scheduled;

/**
 * Sends what the queue says is due: claims a batch, and for each delivery waits for the channel's pace and
 * circuit, calls the channel's sender, and records the outcome. Several instances can run it side by side.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
    /** A wait for a pacing slot shorter than this is slept through; a longer one puts the delivery back. */
    private static final Duration LONGEST_INLINE_WAIT = Duration.ofMillis(1500);

    @Inject
    NotificationsConfig config;

    @Inject
    DeliveryService deliveries;

    @Inject
    ChannelPacer pacer;

    @Inject
    CircuitBreakers breakers;

    @Inject
    Instance<ChannelSender> senderBeans;

    private final Map<ChannelType, ChannelSender> senders = new EnumMap<>(ChannelType.class);
    private ExecutorService executor;
    private Semaphore slots;

    @PostConstruct
    void start() {
        for (ChannelSender sender : senderBeans) {
            senders.put(sender.type(), sender);
        }
        int concurrency = config.worker().concurrency();
        slots = new Semaphore(concurrency);
        executor = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "delivery-worker");
            thread.setDaemon(true);
            return thread;
        });
    }

    @PreDestroy
    void stop() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Scheduled(every = "${connectops.notifications.worker.poll-interval:0.2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        if (!config.worker().enabled()) {
            return;
        }
        int free = slots.availablePermits();
        if (free == 0) {
            return;
        }
        List<UUID> claimed;
        try {
            claimed = deliveries.claim(free, Instant.now().plus(config.worker().claimTimeout()));
        } catch (RuntimeException e) {
            LOG.warnf("Cannot claim deliveries: %s", e.getMessage());
            return;
        }
        for (UUID id : claimed) {
            slots.acquireUninterruptibly();
            executor.execute(() -> {
                try {
                    process(id);
                } catch (RuntimeException e) {
                    // The claim expires and another round picks the delivery up again.
                    LOG.errorf("Delivery %s could not be processed: %s", id, e.getMessage());
                } finally {
                    slots.release();
                }
            });
        }
    }

    private void process(UUID deliveryId) {
        SendJob job = deliveries.prepare(deliveryId);
        if (job == null) {
            return;
        }
        UUID channelId = job.channel().id();
        Instant now = Instant.now();
        Instant blocked = breakers.blockedUntil(channelId, now);
        if (blocked != null) {
            deliveries.postpone(deliveryId, blocked);
            return;
        }
        Instant slot = pacer.reserve(channelId, job.channel().type(), now);
        Duration wait = Duration.between(now, slot);
        if (wait.compareTo(LONGEST_INLINE_WAIT) > 0) {
            deliveries.postpone(deliveryId, slot);
            return;
        }
        if (!wait.isNegative() && !wait.isZero()) {
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                deliveries.postpone(deliveryId, slot);
                return;
            }
        }
        Instant started = Instant.now();
        SendResult result = send(job);
        long durationMs = Duration.between(started, Instant.now()).toMillis();
        breakers.record(channelId, result, Instant.now());
        deliveries.complete(deliveryId, result, started, durationMs);
    }

    /** Sends once, turning anything unexpected into a retryable failure that names no secret. */
    public SendResult send(SendJob job) {
        ChannelSender sender = senders.get(job.channel().type());
        try {
            return sender.send(job);
        } catch (RuntimeException e) {
            return SendResult.retry(null, "Unexpected failure: " + e.getClass().getSimpleName(), null);
        }
    }
}
