package io.connectops.ingest.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.connectops.ingest.config.IngestConfig;
import io.connectops.ingest.domain.ConnectSource;
import io.connectops.ingest.domain.PollOperation;
import io.connectops.ingest.domain.PollState;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Starts each enabled source's polls when they are due, on a small pool of workers, so that a slow or failing
 * source (backing off after throttling) never delays the others.
 */
@ApplicationScoped
public class PollScheduler {

    @Inject
    PollService polls;

    @Inject
    IngestConfig config;

    private final Map<String, Instant> nextDue = new ConcurrentHashMap<>();
    private final Map<String, Boolean> queued = new ConcurrentHashMap<>();
    private volatile ExecutorService workers;

    private record Due(UUID sourceId, long version, Map<PollOperation, java.time.Duration> intervals) {
    }

    @Scheduled(every = "${connectops.ingest.poll-tick}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void startDuePolls() {
        List<Due> sources = QuarkusTransaction.requiringNew().call(() -> ConnectSource.<ConnectSource>list("enabled", true)
                .stream()
                .map(s -> new Due(s.id, s.version, Map.of(
                        PollOperation.CURRENT_METRICS, s.intervalOf(PollOperation.CURRENT_METRICS),
                        PollOperation.INTERVAL_METRICS, s.intervalOf(PollOperation.INTERVAL_METRICS),
                        PollOperation.AGENT_STATES, s.intervalOf(PollOperation.AGENT_STATES))))
                .toList());
        Instant now = Instant.now();
        for (Due source : sources) {
            for (Map.Entry<PollOperation, java.time.Duration> entry : source.intervals().entrySet()) {
                String key = PollState.idOf(source.sourceId(), entry.getKey());
                Instant due = nextDue.get(key);
                if ((due == null || !now.isBefore(due)) && queued.putIfAbsent(key, Boolean.TRUE) == null) {
                    nextDue.put(key, now.plus(entry.getValue()));
                    submit(key, source.sourceId(), entry.getKey());
                }
            }
        }
    }

    private void submit(String key, UUID sourceId, PollOperation operation) {
        try {
            workers().execute(() -> {
                try {
                    polls.poll(sourceId, operation);
                } finally {
                    queued.remove(key);
                }
            });
        } catch (RejectedExecutionException e) {
            queued.remove(key);
        }
    }

    private ExecutorService workers() {
        if (workers == null) {
            synchronized (this) {
                if (workers == null) {
                    workers = Executors.newFixedThreadPool(config.pollerThreads(), runnable -> {
                        Thread thread = new Thread(runnable, "connect-poller");
                        thread.setDaemon(true);
                        return thread;
                    });
                }
            }
        }
        return workers;
    }

    /** Forgets a source's schedule, so that a changed source is polled at once with its new settings. */
    public void reschedule(UUID sourceId) {
        for (PollOperation operation : PollOperation.values()) {
            nextDue.remove(PollState.idOf(sourceId, operation));
        }
    }

    @PreDestroy
    void stop() {
        if (workers != null) {
            workers.shutdownNow();
        }
    }
}
