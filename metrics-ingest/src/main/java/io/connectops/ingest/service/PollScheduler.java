package io.connectops.ingest.service;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.connectops.ingest.config.IngestConfig;
import io.connectops.ingest.domain.ConnectSource;
import io.connectops.ingest.domain.PollOperation;
import io.connectops.ingest.domain.PollState;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Starts the due polls of each enabled source this replica holds the lease of, on a small pool of workers, so that
 * a slow or failing source (backing off after throttling) never delays the others, and no source is polled by two
 * replicas.
 */
@ApplicationScoped
public class PollScheduler {

    private static final Logger LOG = Logger.getLogger(PollScheduler.class);

    @Inject
    PollService polls;

    @Inject
    IngestConfig config;

    @Inject
    SourceLeases leases;

    private volatile String owner;
    private volatile boolean stopping;

    private final Map<String, Instant> nextDue = new ConcurrentHashMap<>();
    private final Map<String, Boolean> queued = new ConcurrentHashMap<>();
    private volatile ExecutorService workers;

    private record Due(UUID sourceId, long version, Map<PollOperation, Duration> intervals) {
    }

    /** This replica's name in the source leases. */
    public String owner() {
        String owner = this.owner;
        if (owner == null) {
            owner = config.replicaId().orElseGet(() -> hostName() + ":"
                    + ConfigProvider.getConfig().getOptionalValue("quarkus.http.port", String.class).orElse("8080"));
            this.owner = owner;
        }
        return owner;
    }

    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "metrics-ingest";
        }
    }

    /**
     * Every tick: claims or renews this replica's leases, then starts the due polls of the sources it holds. A
     * source another live replica holds is left to it, and polled at once here when its lease is taken over.
     */
    @Scheduled(every = "${connectops.ingest.poll-tick}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void startDuePolls() {
        if (stopping) {
            return;
        }
        List<Due> enabled = QuarkusTransaction.requiringNew().call(() -> ConnectSource.<ConnectSource>list("enabled", true)
                .stream()
                .map(s -> new Due(s.id, s.version, s.operations().stream()
                        .collect(Collectors.toMap(operation -> operation, s::intervalOf))))
                .toList());
        Set<UUID> held = leases.claim(owner(), enabled.stream().map(Due::sourceId).toList(), config.leaseTtl());
        Instant now = Instant.now();
        for (Due source : enabled) {
            if (!held.contains(source.sourceId())) {
                reschedule(source.sourceId());
                continue;
            }
            for (Map.Entry<PollOperation, Duration> entry : source.intervals().entrySet()) {
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

    /** On shutdown, while the datasource is still open: another replica takes the sources over at once. */
    void releaseLeases(@Observes ShutdownEvent shutdown) {
        stopping = true;
        try {
            leases.release(owner());
        } catch (RuntimeException e) {
            // The leases then expire on their own: another replica takes over a little later.
            LOG.debugf("Could not release the source leases of %s: %s", owner(), e.getMessage());
        }
    }
}
