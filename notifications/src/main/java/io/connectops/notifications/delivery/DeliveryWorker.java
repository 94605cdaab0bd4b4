package io.connectops.notifications.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.jboss.logging.Logger;

import io.connectops.notifications.config.NotificationsConfig;
import io.connectops.notifications.senders.SendJob;
import io.connectops.notifications.senders.SendResult;
import io.connectops.notifications.senders.Senders;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Sends what the queue says is due: claims a batch, and for each delivery waits for the channel's pace and
 * circuit, calls the channel's sender, and records the outcome. Several instances can run it side by side.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
    /** A wait for a pacing slot shorter than this is slept through; a longer one puts the delivery back. */
    private static final Duration LONGEST_INLINE_WAIT = Duration.ofMillis(1500);
    /** Most outcomes recorded in one transaction. */
    private static final int MOST_RECORDED_TOGETHER = 64;
    /**
     * Threads recording outcomes: one leaves the database idle while it waits for each statement's answer, which the
     * other fills; more only contend for the same two cores.
     */
    private static final int RECORDERS = 2;

    @Inject
    NotificationsConfig config;

    @Inject
    DeliveryQueue deliveries;

    @Inject
    ChannelPacer pacer;

    @Inject
    CircuitBreakers breakers;

    @Inject
    Senders senders;

    @Inject
    TransactionSynchronizationRegistry transactions;

    private final Object wakeUp = new Object();
    private volatile boolean running;
    /** When claiming began to fail without a success since, or null while claims succeed. */
    private volatile Instant claimsFailingSince;
    private volatile String lastClaimError;
    private ExecutorService executor;
    private Thread dispatcher;
    /** Sends done whose outcomes are not yet recorded; each holds its slot until it is. */
    private final BlockingQueue<DeliveryQueue.Completion> outcomes = new LinkedBlockingQueue<>();
    private final List<Thread> recorders = new ArrayList<>();
    /** Set at shutdown once no sender runs: the recorders end when the outcomes are all recorded. */
    private volatile boolean sendersDone;
    private Semaphore slots;
    /** The fewest free places a claim waits for (two sender pools' worth). */
    private int batch;

    void start(@Observes StartupEvent startup) {
        int concurrency = config.worker().concurrency();
        // Four times as many deliveries in hand as are sent at once, and a claim only once two sender pools' worth
        // of places are free: the senders find the next ones queued while the dispatcher claims, and each claim
        // takes at least 32 deliveries (at the default 16 senders). A claim reads every unsent delivery to find the
        // conversations' heads (9 ms each during a fan-out of 2,000, two thirds of the database's time); at 16 a
        // claim it ran 280 times a fan-out. A claim is one transaction; one per delivery made the dispatcher thread
        // the bottleneck.
        batch = 2 * concurrency;
        slots = new Semaphore(4 * concurrency);
        executor = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "delivery-sender");
            thread.setDaemon(true);
            return thread;
        });
        if (!config.worker().enabled()) {
            return;
        }
        running = true;
        for (int i = 0; i < RECORDERS; i++) {
            Thread recorder = new Thread(this::record, "delivery-recorder");
            recorder.setDaemon(true);
            recorder.start();
            recorders.add(recorder);
        }
        dispatcher = new Thread(this::dispatch, "delivery-dispatcher");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    /** Stops claiming, and lets the sends under way finish before the database goes away. */
    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        running = false;
        if (dispatcher != null) {
            dispatcher.interrupt();
            dispatcher.join(5_000);
        }
        if (executor != null) {
            executor.shutdown();
            executor.awaitTermination(10, TimeUnit.SECONDS);
        }
        sendersDone = true;
        for (Thread recorder : recorders) {
            recorder.join(5_000);
        }
    }

    /** Looks at the queue again now rather than at the next poll. */
    public void wakeUp() {
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    /** Wakes the dispatcher once the current transaction, which stored new deliveries, has committed. */
    public void wakeUpAfterCommit() {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    wakeUp();
                }
            }
        });
    }

    /**
     * True while the dispatcher thread and the threads recording outcomes run; they end only at shutdown or when
     * something killed them (without a recorder, the slots of the outcomes it holds are never freed).
     */
    public boolean dispatcherAlive() {
        return dispatcher != null && dispatcher.isAlive() && recorders.stream().allMatch(Thread::isAlive);
    }

    /** Since when every claim has failed, or null while claims succeed. */
    public Instant claimsFailingSince() {
        return claimsFailingSince;
    }

    /** The kind of the last claim failure (no message: health is read without a token). */
    public String lastClaimError() {
        return lastClaimError;
    }

    /** Claims as long as there is work and a free sender; idles for the poll interval when the queue is empty. */
    private void dispatch() {
        long idleMillis = pollMillis(config.worker().pollInterval());
        while (running) {
            try {
                slots.acquire(batch);
                slots.release(batch);
                int free = slots.availablePermits();
                DeliveryQueue.Claimed claimed = new DeliveryQueue.Claimed(List.of(), Set.of());
                Instant surelyHeldUntil = Instant.MIN;
                try {
                    Instant now = Instant.now();
                    Duration claimTimeout = config.worker().claimTimeout();
                    // Until half the claim has passed no other instance can take these deliveries, whatever the
                    // skew between this clock and the database's short of that.
                    surelyHeldUntil = now.plus(claimTimeout.dividedBy(2));
                    // A channel whose next slot is further out than a sender would wait is not claimed at all.
                    claimed = deliveries.claim(free, now.plus(claimTimeout), now.plus(LONGEST_INLINE_WAIT));
                    claimsFailingSince = null;
                    lastClaimError = null;
                } catch (RuntimeException e) {
                    if (claimsFailingSince == null) {
                        claimsFailingSince = Instant.now();
                    }
                    lastClaimError = e.getClass().getSimpleName();
                    LOG.warnf("Cannot claim deliveries: %s", e.getMessage());
                }
                Instant heldUntil = surelyHeldUntil;
                for (SendJob job : claimed.jobs()) {
                    boolean circuitKnown = claimed.channelsWithCircuit().contains(job.channel().id());
                    slots.acquire();
                    executor.execute(() -> {
                        DeliveryQueue.Completion sent = null;
                        try {
                            sent = process(job, circuitKnown, heldUntil);
                        } catch (RuntimeException e) {
                            // The claim expires and another round picks the delivery up again.
                            LOG.errorf("Delivery %s could not be processed: %s", job.deliveryId(), e.getMessage());
                        } finally {
                            if (sent == null) {
                                slots.release();
                            } else {
                                outcomes.add(sent);
                            }
                        }
                    });
                }
                if (claimed.jobs().isEmpty()) {
                    synchronized (wakeUp) {
                        wakeUp.wait(idleMillis);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Records the outcomes the senders hand over, as many as are waiting in one transaction (a commit per outcome
     * was a third of a delivery's cost in the database), and frees their slots. A batch that cannot be written is
     * recorded one outcome at a time, so that one bad outcome holds back no other.
     */
    private void record() {
        List<DeliveryQueue.Completion> batch = new ArrayList<>();
        while (true) {
            try {
                DeliveryQueue.Completion first = outcomes.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (sendersDone) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                outcomes.drainTo(batch, MOST_RECORDED_TOGETHER - 1);
                recordAll(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                slots.release(batch.size());
                batch.clear();
            }
        }
    }

    void recordAll(List<DeliveryQueue.Completion> batch) {
        try {
            deliveries.completeAll(batch);
            return;
        } catch (RuntimeException e) {
            if (batch.size() > 1) {
                LOG.warnf("%d outcomes not recorded together (%s); recording them one at a time", batch.size(),
                        rootMessage(e));
            } else {
                notRecorded(batch.get(0), e);
                return;
            }
        }
        for (DeliveryQueue.Completion completion : batch) {
            try {
                deliveries.completeAll(List.of(completion));
            } catch (RuntimeException e) {
                notRecorded(completion, e);
            }
        }
    }

    private static void notRecorded(DeliveryQueue.Completion completion, RuntimeException e) {
        // The claim expires and another round sends the delivery again, with the same idempotency key.
        LOG.errorf("Delivery %s: outcome not recorded: %s", completion.job().deliveryId(), rootMessage(e));
    }

    /** What the database said, rather than the transaction interceptor's wrapping of it. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    static long pollMillis(String interval) {
        String text = interval.trim().toLowerCase(Locale.ROOT);
        if (text.endsWith("ms")) {
            return Long.parseLong(text.substring(0, text.length() - 2));
        }
        if (text.endsWith("s")) {
            return (long) (Double.parseDouble(text.substring(0, text.length() - 1)) * 1000);
        }
        return Duration.parse(text.toUpperCase(Locale.ROOT)).toMillis();
    }

    /**
     * Sends one claimed delivery. {@code circuitKnown}: the channel had a circuit row when claimed, so it may be
     * half-open and a probe must be claimed first; channels without one skip that look-up. {@code surelyHeldUntil}:
     * until when no other instance can have claimed the delivery. The send's outcome, to be recorded, or null when
     * nothing was sent (the delivery put back, or its claim lost).
     */
    private DeliveryQueue.Completion process(SendJob job, boolean circuitKnown, Instant surelyHeldUntil) {
        UUID deliveryId = job.deliveryId();
        UUID channelId = job.channel().id();
        Instant now = Instant.now();
        if (!running) {
            // Claimed but not begun when shutdown came: back to the queue now, not after the claim timeout.
            deliveries.postpone(deliveryId, now);
            return null;
        }
        Instant blocked = circuitKnown ? breakers.blockedUntil(channelId, now) : null;
        if (blocked != null) {
            deliveries.postpone(deliveryId, blocked);
            return null;
        }
        Instant slot = pacer.reserve(channelId, job.channel().type(), now, LONGEST_INLINE_WAIT);
        Duration wait = Duration.between(now, slot);
        if (wait.compareTo(LONGEST_INLINE_WAIT) > 0) {
            deliveries.postpone(deliveryId, slot);
            return null;
        }
        if (!wait.isNegative() && !wait.isZero()) {
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                deliveries.postpone(deliveryId, slot);
                return null;
            }
        }
        Instant started = Instant.now();
        if (!stillHeld(job, started, surelyHeldUntil)) {
            LOG.debugf("Delivery %s: claim lost before sending; left to its new owner", deliveryId);
            return null;
        }
        SendResult result = senders.send(job);
        long durationMs = Duration.between(started, Instant.now()).toMillis();
        if (!result.delivered()) {
            try {
                breakers.recordFailure(channelId, result, Instant.now());
            } catch (RuntimeException e) {
                // The attempt happened; its outcome is recorded even when the circuit cannot be updated.
                LOG.warnf("Circuit of channel %s not updated: %s", channelId, e.getMessage());
            }
        }
        return new DeliveryQueue.Completion(job, result, started, durationMs, circuitKnown);
    }

    /**
     * Whether this instance may send the claimed delivery now. Where the sender looks for an attempt in doubt, the
     * attempt's start is committed first and the row says whether the claim still holds. Elsewhere, before
     * {@code surelyHeldUntil} (half the claim) nothing else moves a delivery being sent: a statement and a commit
     * fewer for every webhook, Teams and e-mail delivery. Later the row is asked as before.
     */
    private boolean stillHeld(SendJob job, Instant now, Instant surelyHeldUntil) {
        if (!senders.looksForEarlierAttempts(job) && now.isBefore(surelyHeldUntil)) {
            return true;
        }
        return deliveries.startAttempt(job.deliveryId());
    }
}
