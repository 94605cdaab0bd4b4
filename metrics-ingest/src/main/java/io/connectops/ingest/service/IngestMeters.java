package io.connectops.ingest.service;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import io.connectops.contracts.MetricSample;
import io.connectops.contracts.metrics.MetricCatalogue;
import io.connectops.contracts.metrics.MetricDefinition;
import io.connectops.contracts.metrics.MetricOrigin;
import io.connectops.ingest.domain.PollOperation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * The meters the Grafana dashboards query on {@code /q/metrics}: the latest published value of every Connect queue
 * metric, samples published by origin, and failed or throttled Connect calls by operation. Published samples are
 * counted (and gauges moved) only once the transaction that publishes them has committed.
 */
@ApplicationScoped
public class IngestMeters {

    /** The latest published value of a queue metric (real-time or interval); NaN while Connect has no data. */
    public static final String QUEUE_METRIC = "connect.queue.metric";
    public static final String SAMPLES_PUBLISHED = "ingest.samples.published";
    public static final String POLL_FAILURES = "ingest.poll.failures";
    public static final String POLL_THROTTLED = "ingest.poll.throttled";
    /** The tag value of a sample without a channel. */
    public static final String NO_CHANNEL = "none";

    @Inject
    MeterRegistry registry;

    @Inject
    TransactionSynchronizationRegistry transactions;

    /** A gauge's value and the time of the sample it came from, so that an older sample never replaces a newer one. */
    private static final class Latest {
        volatile double value = Double.NaN;
        volatile Instant at = Instant.MIN;

        synchronized void offer(Double newValue, Instant sampleTime) {
            if (!sampleTime.isBefore(at)) {
                at = sampleTime;
                value = newValue == null ? Double.NaN : newValue;
            }
        }

        double value() {
            return value;
        }
    }

    private final Map<String, Latest> gauges = new ConcurrentHashMap<>();
    private final Map<String, Meter.Id> gaugeIds = new ConcurrentHashMap<>();

    /**
     * Counts {@code samples} under {@code origin} and moves the queue gauges, then runs {@code alsoAfterCommit} (if
     * any), once the current transaction commits.
     */
    public void published(MetricOrigin origin, List<MetricSample> samples, Runnable alsoAfterCommit) {
        if (samples.isEmpty()) {
            return;
        }
        afterCommit(() -> {
            if (alsoAfterCommit != null) {
                alsoAfterCommit.run();
            }
            Counter.builder(SAMPLES_PUBLISHED).tag("origin", origin.name().toLowerCase(Locale.ROOT))
                    .description("Samples published on ops.metrics.v1").register(registry).increment(samples.size());
            for (MetricSample sample : samples) {
                if (isQueueMetric(sample)) {
                    latest(sample).offer(sample.value(), sample.timestamp());
                }
            }
        });
    }

    /** A poll that failed for good (after its retries). */
    public void pollFailed(PollOperation operation) {
        Counter.builder(POLL_FAILURES).tag("operation", operation.apiName())
                .description("Connect polls that failed after their retries").register(registry).increment();
    }

    /** Connect calls answered with 429 ThrottlingException during a poll, retried ones included. */
    public void throttled(PollOperation operation, long calls) {
        Counter counter = Counter.builder(POLL_THROTTLED).tag("operation", operation.apiName())
                .description("Connect calls refused with 429 ThrottlingException").register(registry);
        if (calls > 0) {
            counter.increment(calls);
        }
    }

    /** Drops the queue gauges of an instance whose source was removed. */
    public void forgetInstance(String instanceId) {
        String prefix = instanceId + "\u0000";
        gaugeIds.entrySet().removeIf(entry -> {
            if (entry.getKey().startsWith(prefix)) {
                registry.remove(entry.getValue());
                gauges.remove(entry.getKey());
                return true;
            }
            return false;
        });
    }

    private static boolean isQueueMetric(MetricSample sample) {
        if (sample.queueId() == null || sample.instanceId() == null) {
            return false;
        }
        MetricDefinition definition = MetricCatalogue.byName(sample.metric()).orElse(null);
        return definition != null && (definition.origin() == MetricOrigin.CONNECT_REALTIME
                || definition.origin() == MetricOrigin.CONNECT_INTERVAL);
    }

    private Latest latest(MetricSample sample) {
        String channel = sample.channel() == null ? NO_CHANNEL : sample.channel();
        String key = sample.instanceId() + "\u0000" + sample.queueId() + "\u0000" + channel + "\u0000" + sample.metric();
        Latest existing = gauges.get(key);
        if (existing != null) {
            return existing;
        }
        return gauges.computeIfAbsent(key, k -> {
            Latest latest = new Latest();
            Gauge gauge = Gauge.builder(QUEUE_METRIC, latest, Latest::value)
                    .tags(Tags.of("instance_id", sample.instanceId(), "queue_id", sample.queueId(), "channel", channel,
                            "metric", sample.metric()))
                    .description("Latest published value of a Connect queue metric (catalogue name in tag metric)")
                    .register(registry);
            gaugeIds.put(k, gauge.getId());
            return latest;
        });
    }

    private void afterCommit(Runnable action) {
        if (transactions.getTransactionKey() == null) {
            action.run();
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    action.run();
                }
            }
        });
    }
}
