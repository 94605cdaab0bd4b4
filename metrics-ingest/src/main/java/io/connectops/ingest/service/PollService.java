package io.connectops.ingest.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.connectops.contracts.AgentStateChanged;
import io.connectops.contracts.MetricSample;
import io.connectops.contracts.metrics.MetricOrigin;
import io.connectops.ingest.aws.ConnectApi;
import io.connectops.ingest.cloudwatch.CloudWatchPoller;
import io.connectops.ingest.cloudwatch.CloudWatchQueries;
import io.connectops.ingest.config.IngestConfig;
import io.connectops.ingest.domain.AgentState;
import io.connectops.ingest.domain.ConnectSource;
import io.connectops.ingest.domain.PollOperation;
import io.connectops.ingest.domain.PollState;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Runs one poll of one source: the Connect calls outside any transaction, then the samples or agent changes and
 * the poller's state in one transaction, so that what is published and the high-water mark that prevents
 * publishing it again commit together. A failure is recorded on the source and never stops other sources.
 */
@ApplicationScoped
public class PollService {

    private static final Logger LOG = Logger.getLogger(PollService.class);

    @Inject
    CurrentMetricsPoller currentMetrics;

    @Inject
    IntervalMetricsPoller intervalMetrics;

    @Inject
    AgentStatePoller agentStates;

    @Inject
    CloudWatchPoller cloudWatch;

    @Inject
    MetricPublisher publisher;

    @Inject
    IngestConfig config;

    @Inject
    SourceClock sourceClock;

    @Inject
    IngestMeters meters;

    static final String API_CALL_FAILURES = "api_call_failures";
    /** How old the source's reported time may be and still be extrapolated. */
    private static final Duration SOURCE_TIME_MAX_AGE = Duration.ofMinutes(5);
    private static final Duration MIN_FRESH = Duration.ofSeconds(5);
    /** What a source's first CloudWatch poll reads, so that rules over five minutes have their window at once. */
    private static final Duration FIRST_CLOUDWATCH_WINDOW = Duration.ofMinutes(5);

    private final Map<String, ReentrantLock> running = new ConcurrentHashMap<>();

    /** What a poll did: events published, or the error it stopped on. */
    public record Outcome(int published, String error) {
        public boolean failed() {
            return error != null;
        }
    }

    /**
     * Polls now; a poll of the same source and operation already running is waited for, never run twice at once. A
     * real-time poll whose source time shows an interval settled (or a correction due) runs the interval poll next.
     */
    public Outcome poll(UUID sourceId, PollOperation operation) {
        ReentrantLock lock = running.computeIfAbsent(PollState.idOf(sourceId, operation), k -> new ReentrantLock());
        ConnectSource source;
        Outcome outcome;
        lock.lock();
        try {
            source = QuarkusTransaction.requiringNew().call(() -> ConnectSource.<ConnectSource>findById(sourceId));
            if (source == null || !source.enabled) {
                return new Outcome(0, null);
            }
            outcome = pollLocked(source, operation);
        } finally {
            lock.unlock();
        }
        if (operation == PollOperation.CURRENT_METRICS && !outcome.failed() && intervalsDue(source)) {
            poll(sourceId, PollOperation.INTERVAL_METRICS);
        }
        return outcome;
    }

    /** Whether a poll of this source and operation is running now. */
    public boolean isRunning(UUID sourceId, PollOperation operation) {
        ReentrantLock lock = running.get(PollState.idOf(sourceId, operation));
        return lock != null && lock.isLocked();
    }

    private Outcome pollLocked(ConnectSource source, PollOperation operation) {
        ConnectApi.CallStats stats = new ConnectApi.CallStats();
        Instant startedAt = Instant.now();
        try {
            switch (operation) {
                case CURRENT_METRICS:
                    return pollCurrent(source, stats, startedAt);
                case INTERVAL_METRICS:
                    return pollIntervals(source, stats, startedAt);
                case AGENT_STATES:
                    return pollAgents(source, stats, startedAt);
                case CLOUDWATCH_METRICS:
                    return pollCloudWatch(source, stats, startedAt);
                default:
                    throw new IllegalArgumentException(operation.name());
            }
        } catch (RuntimeException e) {
            String error = e instanceof ConnectApi.ConnectCallFailed ? e.getMessage()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.warnf("Source %s (%s) %s poll failed: %s", source.name, source.id, operation.apiName(), error);
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    if (ConnectSource.findById(source.id) != null) {
                        PollState.of(source.id, operation).failed(startedAt, error, stats.throttled());
                        if (e instanceof ConnectApi.ConnectCallFailed) {
                            publisher.publish(List.of(apiCallFailure(source, operation, startedAt)),
                                    MetricPublisher.Ids.RANDOM, originOf(operation));
                        }
                    }
                });
            } catch (RuntimeException recording) {
                // The source was removed meanwhile, or the database is down: the next poll records its own outcome.
                LOG.debugf("Could not record the failed %s poll of source %s: %s", operation.apiName(), source.id,
                        recording.getMessage());
            }
            meters.pollFailed(operation);
            meters.throttled(operation, stats.throttled());
            return new Outcome(0, error);
        }
    }

    /**
     * A Connect call that failed for good, as a sample of {@code api_call_failures} (label {@code api}) for the
     * "third-party API call failures" rule: stamped with the source's time, like the source's other samples.
     */
    private MetricSample apiCallFailure(ConnectSource source, PollOperation operation, Instant startedAt) {
        Instant at = sourceClock.now(source.id, SOURCE_TIME_MAX_AGE).orElse(startedAt);
        String service = operation == PollOperation.CLOUDWATCH_METRICS ? "cloudwatch:" : "connect:";
        return new MetricSample("connect", source.instanceId, null, null, null, API_CALL_FAILURES, 1.0, "COUNT", at,
                Map.of("api", service + operation.apiName(), "region", source.region));
    }

    static MetricOrigin originOf(PollOperation operation) {
        switch (operation) {
            case INTERVAL_METRICS:
                return MetricOrigin.CONNECT_INTERVAL;
            case CLOUDWATCH_METRICS:
                return MetricOrigin.CLOUDWATCH;
            default:
                return MetricOrigin.CONNECT_REALTIME;
        }
    }

    private Outcome pollCurrent(ConnectSource source, ConnectApi.CallStats stats, Instant startedAt) {
        CurrentMetricsPoller.Snapshot snapshot = currentMetrics.read(source, stats);
        return QuarkusTransaction.requiringNew().call(() -> {
            PollState state = PollState.locked(source.id, PollOperation.CURRENT_METRICS);
            int published = 0;
            // The same snapshot read twice (Connect caches it, or two polls overlapped) is published once.
            if (state.lastSnapshotAt == null || snapshot.snapshotTime().isAfter(state.lastSnapshotAt)) {
                publisher.publish(snapshot.samples(), MetricPublisher.Ids.PER_SERIES_AND_TIME,
                        MetricOrigin.CONNECT_REALTIME);
                state.lastSnapshotAt = snapshot.snapshotTime();
                published = snapshot.samples().size();
            }
            state.succeeded(startedAt, stats.throttled());
            meters.throttled(PollOperation.CURRENT_METRICS, stats.throttled());
            return new Outcome(published, null);
        });
    }

    /**
     * Which intervals have closed is decided by the source's clock, not ours (see {@link SourceClock}): the time
     * the last real-time poll reported if it is fresh, else the time Connect gives a one-result probe.
     */
    private Instant sourceNow(ConnectSource source, ConnectApi.CallStats stats) {
        Duration fresh = source.intervalOf(PollOperation.CURRENT_METRICS).multipliedBy(2);
        if (fresh.compareTo(MIN_FRESH) < 0) {
            fresh = MIN_FRESH;
        }
        if (fresh.compareTo(SOURCE_TIME_MAX_AGE) > 0) {
            fresh = SOURCE_TIME_MAX_AGE;
        }
        return sourceClock.now(source.id, fresh)
                .or(() -> currentMetrics.probeTime(source, stats))
                .orElseGet(Instant::now);
    }

    private Outcome pollIntervals(ConnectSource source, ConnectApi.CallStats stats, Instant startedAt) {
        Instant now = sourceNow(source, stats);
        PollState known = QuarkusTransaction.requiringNew()
                .call(() -> PollState.of(source.id, PollOperation.INTERVAL_METRICS));
        IntervalWindow window = intervalWindow(now, known);
        List<MetricSample> samples = window.isDue()
                ? intervalMetrics.read(source, window.readStart(), window.end(), stats) : List.of();
        return QuarkusTransaction.requiringNew().call(() -> {
            PollState state = PollState.locked(source.id, PollOperation.INTERVAL_METRICS);
            // Decided again under the row lock: a poll that overlapped another (a replica that lost its lease while
            // reading) publishes nothing the other has published, and corrects nothing twice.
            IntervalWindow locked = intervalWindow(now, state);
            Instant mark = state.lastIntervalEnd;
            List<MetricSample> fresh = samples.stream()
                    .filter(s -> (mark == null || s.timestamp().isAfter(mark)) && !s.timestamp().isAfter(locked.end()))
                    .toList();
            publisher.publish(fresh, MetricPublisher.Ids.PER_SERIES_AND_TIME, MetricOrigin.CONNECT_INTERVAL);
            IntervalLedger.remember(source.id, fresh);
            int published = fresh.size();
            if (locked.corrects()) {
                List<MetricSample> changed = IntervalLedger.changed(samples.stream()
                        .filter(s -> locked.isCorrection(s.timestamp())).toList());
                publisher.publish(changed, MetricPublisher.Ids.PER_SERIES_TIME_AND_VALUE, MetricOrigin.CONNECT_INTERVAL);
                IntervalLedger.remember(source.id, changed);
                state.lastCorrectionEnd = locked.correctTo();
                published += changed.size();
                if (!changed.isEmpty()) {
                    LOG.infof("Source %s: %d interval samples corrected up to %s", source.id, changed.size(),
                            locked.correctTo());
                }
            }
            if (mark == null) {
                // Corrections start with the intervals published from now on.
                state.lastCorrectionEnd = locked.start();
            }
            if (mark == null || locked.end().isAfter(mark)) {
                state.lastIntervalEnd = locked.end();
            }
            IntervalLedger.forgetBefore(source.id, locked.end().minus(config.intervalCatchUp()));
            state.succeeded(startedAt, stats.throttled());
            meters.throttled(PollOperation.INTERVAL_METRICS, stats.throttled());
            return new Outcome(published, null);
        });
    }

    private IntervalWindow intervalWindow(Instant sourceNow, PollState state) {
        return IntervalWindow.of(sourceNow, config.intervalSettleDelay(), config.intervalCorrectionDelay(),
                config.intervalCatchUp(), state.lastIntervalEnd, state.lastCorrectionEnd);
    }

    /**
     * Whether an interval settled (or a correction fell due) by the source time the real-time poll just saw: then
     * the interval poll runs right away rather than at its own phase, so an interval is published within one
     * real-time poll of its close plus the settle delay.
     */
    private boolean intervalsDue(ConnectSource source) {
        Optional<Instant> now = sourceClock.now(source.id, SOURCE_TIME_MAX_AGE);
        if (now.isEmpty()) {
            return false;
        }
        PollState state = QuarkusTransaction.requiringNew()
                .call(() -> PollState.<PollState>findById(PollState.idOf(source.id, PollOperation.INTERVAL_METRICS)));
        // Before the first interval poll the scheduler runs it; from then on the real-time poll keeps it on time.
        return state != null && state.lastIntervalEnd != null && intervalWindow(now.get(), state).isDue();
    }

    /**
     * The whole minutes that have settled on the source's clock ({@code cloudwatch.settle-delay} after they end, as
     * Connect and Lambda reach CloudWatch about a minute late) and were not published yet: one GetMetricData call
     * for all of the source's metrics, the samples and the minute high-water mark committed together.
     */
    private Outcome pollCloudWatch(ConnectSource source, ConnectApi.CallStats stats, Instant startedAt) {
        Instant end = CloudWatchQueries.minuteStart(sourceNow(source, stats).minus(config.cloudWatch().settleDelay()));
        Instant lastEnd = QuarkusTransaction.requiringNew()
                .call(() -> PollState.of(source.id, PollOperation.CLOUDWATCH_METRICS).lastIntervalEnd);
        Instant earliest = end.minus(config.cloudWatch().catchUp());
        Instant start = lastEnd == null ? end.minus(FIRST_CLOUDWATCH_WINDOW)
                : lastEnd.isBefore(earliest) ? earliest : lastEnd;
        List<MetricSample> samples = start.isBefore(end) ? cloudWatch.read(source, start, end, stats) : List.of();
        return QuarkusTransaction.requiringNew().call(() -> {
            PollState state = PollState.locked(source.id, PollOperation.CLOUDWATCH_METRICS);
            int published = 0;
            Instant mark = state.lastIntervalEnd;
            if (mark == null || end.isAfter(mark)) {
                List<MetricSample> fresh = mark == null ? samples
                        : samples.stream().filter(s -> s.timestamp().isAfter(mark)).toList();
                publisher.publish(fresh, MetricPublisher.Ids.PER_SERIES_AND_TIME, MetricOrigin.CLOUDWATCH);
                state.lastIntervalEnd = end;
                published = fresh.size();
            }
            state.succeeded(startedAt, stats.throttled());
            meters.throttled(PollOperation.CLOUDWATCH_METRICS, stats.throttled());
            return new Outcome(published, null);
        });
    }

    private Outcome pollAgents(ConnectSource source, ConnectApi.CallStats stats, Instant startedAt) {
        Map<String, AgentStatePoller.ObservedAgent> observed = agentStates.read(source, stats);
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<String, AgentState> known = new HashMap<>();
            for (AgentState state : AgentState.<AgentState>list("sourceId", source.id)) {
                known.put(state.agentId, state);
            }
            List<AgentStateChanged> changes = new ArrayList<>();
            for (AgentStatePoller.ObservedAgent agent : observed.values()) {
                AgentState state = known.remove(agent.agentId());
                if (state == null) {
                    state = new AgentState();
                    state.id = AgentState.idOf(source.id, agent.agentId());
                    state.sourceId = source.id;
                    state.agentId = agent.agentId();
                } else if (!state.differsFrom(agent.status(), agent.routingState())) {
                    continue;
                }
                Instant changedAt = agent.since() == null ? startedAt : agent.since();
                changes.add(new AgentStateChanged(source.instanceId, agent.agentId(), null, state.status,
                        agent.status(), agent.routingState(), changedAt));
                boolean isNew = state.status == null && state.routingState == null;
                state.status = agent.status();
                state.routingState = agent.routingState();
                state.changedAt = changedAt;
                if (isNew) {
                    state.persist();
                }
            }
            // Connect lists logged-in agents only: an agent who is no longer listed has logged out.
            for (AgentState gone : known.values()) {
                if (!AgentStatePoller.OFFLINE.equals(gone.routingState)) {
                    changes.add(new AgentStateChanged(source.instanceId, gone.agentId, null, gone.status, "Offline",
                            AgentStatePoller.OFFLINE, startedAt));
                    gone.status = "Offline";
                    gone.routingState = AgentStatePoller.OFFLINE;
                    gone.changedAt = startedAt;
                }
            }
            publisher.publishAgentChanges(changes);
            PollState.of(source.id, PollOperation.AGENT_STATES).succeeded(startedAt, stats.throttled());
            meters.throttled(PollOperation.AGENT_STATES, stats.throttled());
            return new Outcome(changes.size(), null);
        });
    }
}
