package io.connectops.alerting.evaluation;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.jboss.logging.Logger;

import io.connectops.alerting.alerts.AlertPublisher;
import io.connectops.alerting.alerts.Transition;
import io.connectops.alerting.alerts.TransitionRecorder;
import io.connectops.alerting.rules.RuleCatalog;
import io.connectops.alerting.rules.RuleSpec;
import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.MetricSample;
import io.connectops.contracts.Topics;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * One consumer of ops.metrics.v1 and the state of the partitions Kafka gives it. Samples are evaluated in memory;
 * a checkpoint transaction then writes, together, the transitions (history, alerts, outbox), the changed series and
 * the next offset of each partition. The offset in the database, not the one in Kafka, is where a partition resumes,
 * so state and position can never disagree. Everything runs on the worker's thread, rebalance callbacks included.
 */
final class EvaluationWorker implements Runnable, ConsumerRebalanceListener {

    private static final Logger LOG = Logger.getLogger(EvaluationWorker.class);
    private static final int CHECKPOINT_TIMEOUT_SECONDS = 300;
    private static final long BACKLOG_RECORDS = 10_000;
    /** Series without rule state are only looked at for eviction, which is hours (or 30 minutes) away: not every second. */
    private static final long EVICTION_SWEEP_MILLIS = 30_000;

    /** What the worker needs from the application; passed in so that tests can run several workers side by side. */
    record Dependencies(Map<String, Object> consumerConfig, KafkaProducer<String, String> deadLetters,
            EvaluationStore store, TransitionRecorder recorder, RuleCatalog catalog, EvaluationMetrics metrics,
            Duration checkpointInterval, Duration checkpointIntervalUnderLoad, Duration sweepInterval, Duration noDataAfter, Duration evictAfter,
            Duration instanceSilentAfter, Predicate<RuleSpec> announcedAtOnce) {
    }

    private static final class PartitionState {
        final int partition;
        final Map<String, SeriesState> series;
        final Set<SeriesState> dirty = Collections.newSetFromMap(new IdentityHashMap<>());
        /** The series with rule state: the only ones with anything to resolve when data stops or a rule goes. */
        final Set<SeriesState> withRules = Collections.newSetFromMap(new IdentityHashMap<>());
        final List<Transition> transitions = new ArrayList<>();
        /** Series forgotten since the last checkpoint, to drop from it. */
        final List<String> evicted = new ArrayList<>();
        /** Series forgotten since the last checkpoint because no rule reads them any more: their rows go too. */
        final List<String> unread = new ArrayList<>();
        Long checkpointedOffset;
        long nextOffset = -1;
        /**
         * The clock of each Connect instance: the series of one instance are polled together, so their event time is
         * shared, while other instances (or replays of another day) may run on a different one.
         */
        final Map<String, SeriesState.InstanceClock> clocks = new HashMap<>();

        PartitionState(int partition, EvaluationStore.PartitionCheckpoint checkpoint) {
            this.partition = partition;
            this.series = new HashMap<>(checkpoint.series());
            this.checkpointedOffset = checkpoint.nextOffset();
            long now = System.currentTimeMillis();
            for (SeriesState state : series.values()) {
                advanceWatermark(state, now);
                if (!state.rules.isEmpty()) {
                    withRules.add(state);
                }
            }
        }

        /** Once a series knows its instance's clock, neither a sample nor the sweep looks it up again. */
        void advanceWatermark(SeriesState state, long now) {
            SeriesState.InstanceClock clock = state.clock;
            if (clock == null) {
                clock = clockOf(state.instanceId);
                state.clock = clock;
            }
            clock.advance(state.sampleTime, now);
        }

        SeriesState.InstanceClock clockOf(String instanceId) {
            return clocks.computeIfAbsent(String.valueOf(instanceId), instance -> new SeriesState.InstanceClock());
        }

        /** Forgets a series no rule reads any more, held or not: its row goes at the next checkpoint. */
        void forgetUnread(SeriesState state) {
            series.remove(state.seriesKey, state);
            dirty.remove(state);
            withRules.remove(state);
            unread.add(state.seriesKey);
        }

        boolean hasProgress() {
            return nextOffset >= 0 && (checkpointedOffset == null || nextOffset != checkpointedOffset);
        }
    }

    private final String name;
    private final Dependencies dependencies;
    private final Map<Integer, PartitionState> partitions = new HashMap<>();
    private KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running = true;
    /** Set when the worker must stop as if the process died: no final checkpoint. */
    private volatile boolean abandon;
    private volatile boolean paused;
    private long lastCheckpoint;
    /**
     * A sample of this poll fired an alert whose group is announced without waiting (a P1's): checkpoint now rather
     * than at the end of the interval, since the checkpoint is what records and announces it.
     */
    private boolean urgent;
    /**
     * Set after a checkpoint failed on a data error: until one succeeds, checkpoints save series one bisected batch
     * at a time, and dead-letter the series the database refuses instead of failing on them.
     */
    private boolean isolating;
    /** Wall-clock time of the last checkpoint that succeeded (or found nothing to write), for readiness. */
    private volatile long lastSuccessfulCheckpoint = System.currentTimeMillis();
    /** Records read but not yet checkpointed, summed over the partitions, as of the last poll; for readiness. */
    private volatile long uncheckpointed;
    private long nextSweep;
    private long nextEvictionSweep;
    private Thread thread;
    private long pollTime;
    private volatile long currentLag;
    /** Counted per poll and handed to the meters once: they are shared atomics, read by other threads. */
    private long evaluatedInPoll;
    private long transitionsInPoll;
    private long unreadInPoll;
    /** Series this worker held when it last told the meters. */
    private long heldReported;
    /** Next offset of each owned partition, published after every poll for other threads. */
    private final Map<Integer, Long> positions = new ConcurrentHashMap<>();
    /** Finds the other series of a ratio in any partition this worker owns. */
    private final RuleEvaluator.SeriesLookup lookup = new RuleEvaluator.SeriesLookup() {
        @Override
        public SeriesState find(String seriesKey) {
            for (PartitionState partition : partitions.values()) {
                SeriesState found = partition.series.get(seriesKey);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }

        @Override
        public void changed(SeriesState series) {
            for (PartitionState partition : partitions.values()) {
                if (partition.series.get(series.seriesKey) == series) {
                    partition.dirty.add(series);
                    if (!series.rules.isEmpty()) {
                        partition.withRules.add(series);
                    }
                    return;
                }
            }
        }
    };

    EvaluationWorker(String name, Dependencies dependencies) {
        this.name = name;
        this.dependencies = dependencies;
    }

    Map<Integer, Long> positions() {
        return Map.copyOf(positions);
    }

    /** What readiness needs to know of this worker, read from another thread. */
    record Progress(String name, boolean alive, long lastSuccessfulCheckpoint, long consumerLag,
            long uncheckpointedRecords, boolean paused) {
    }

    Progress progress() {
        Thread current = thread;
        // Not started yet counts as alive: it is about to be.
        return new Progress(name, current == null || current.isAlive(), lastSuccessfulCheckpoint,
                currentLag, uncheckpointed, paused);
    }

    void start() {
        thread = new Thread(this, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops after a last checkpoint, as a graceful shutdown does. */
    void stop() {
        halt(false);
    }

    /** Stops without a last checkpoint, as a crash would: whatever was not checkpointed is replayed by the next owner. */
    void crash() {
        halt(true);
    }

    private void halt(boolean withoutCheckpoint) {
        abandon = withoutCheckpoint;
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        try {
            consumer = new KafkaConsumer<>(dependencies.consumerConfig());
            consumer.subscribe(List.of(Topics.METRICS), this);
            long now = System.currentTimeMillis();
            lastCheckpoint = now;
            nextSweep = now + dependencies.sweepInterval().toMillis();
            while (running) {
                try {
                    pollOnce();
                } catch (WakeupException e) {
                    // stop() woke the poll up; the loop condition decides.
                } catch (RuntimeException e) {
                    LOG.errorf(e, "Evaluation round failed on %s; retrying", name);
                    sleepQuietly(500);
                }
            }
        } finally {
            dependencies.metrics().held(-heldReported);
            heldReported = 0;
            if (consumer != null) {
                try {
                    consumer.close(Duration.ofSeconds(10));
                } catch (RuntimeException e) {
                    LOG.debugf("Closing the consumer of %s: %s", name, e.getMessage());
                }
            }
        }
    }

    private void pollOnce() {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
        RuleCatalog.Snapshot rules = dependencies.catalog().current();
        pollTime = System.currentTimeMillis();
        for (TopicPartition topicPartition : records.partitions()) {
            PartitionState partition = partitions.get(topicPartition.partition());
            if (partition == null) {
                continue;
            }
            for (ConsumerRecord<String, byte[]> record : records.records(topicPartition)) {
                evaluate(partition, record, rules);
            }
            positions.put(partition.partition, partition.nextOffset);
        }
        dependencies.metrics().evaluated(evaluatedInPoll, transitionsInPoll);
        dependencies.metrics().unread(unreadInPoll);
        evaluatedInPoll = 0;
        transitionsInPoll = 0;
        unreadInPoll = 0;
        currentLag = lag();
        dependencies.metrics().recordLag(currentLag);
        uncheckpointed = uncheckpointed();
        long now = System.currentTimeMillis();
        if (now >= nextSweep) {
            sweep(rules);
            nextSweep = now + dependencies.sweepInterval().toMillis();
        }
        reportHeld();
        // Transitions wait for the next checkpoint too: one transaction a second carries them all, whatever the load.
        // Behind the stream, checkpoints are spaced out: each writes every series changed since the last one, so
        // fewer of them write each series fewer times.
        long interval = (behind() ? dependencies.checkpointIntervalUnderLoad() : dependencies.checkpointInterval())
                .toMillis();
        if (now >= lastCheckpoint + interval || paused || urgent && !behind()) {
            boolean done = checkpoint();
            lastCheckpoint = now;
            urgent = false;
            if (done) {
                lastSuccessfulCheckpoint = System.currentTimeMillis();
            }
            if (!done && !paused) {
                // The database is away: stop reading until a checkpoint succeeds rather than pile up state in memory.
                consumer.pause(consumer.assignment());
                paused = true;
            } else if (done && paused) {
                consumer.resume(consumer.assignment());
                paused = false;
            }
        }
    }

    private void evaluate(PartitionState partition, ConsumerRecord<String, byte[]> record, RuleCatalog.Snapshot rules) {
        partition.nextOffset = record.offset() + 1;
        MetricSample sample;
        try {
            sample = SampleDecoder.decode(record.value());
        } catch (RuntimeException e) {
            deadLetter(record, e);
            return;
        }
        List<RuleSpec> onMetric = rules.forMetric(sample.metric());
        List<RuleSpec> ratiosOver = rules.ratiosOver(sample.metric());
        SeriesState series = partition.series.get(sample.seriesKey());
        if ((series == null || series.rules.isEmpty())
                && !RuleEvaluator.reads(onMetric, ratiosOver, sample.instanceId(), sample.queueId(), sample.channel())) {
            // No rule reads it: nothing to remember, in memory or in the checkpoint, until one does. Its time still
            // moves its instance's clock on, which tells the series that rules read that their instance is alive.
            if (series != null) {
                partition.forgetUnread(series);
                dependencies.metrics().evicted();
            }
            partition.clockOf(sample.instanceId()).advance(sample.timestamp().toEpochMilli(), pollTime);
            unreadInPoll++;
            return;
        }
        if (series == null) {
            series = RuleEvaluator.newSeries(sample);
            partition.series.put(series.seriesKey, series);
        }
        int before = partition.transitions.size();
        if (RuleEvaluator.apply(series, sample, onMetric, ratiosOver, lookup, partition.transitions)) {
            if (sample.hasData() && RuleEvaluator.refusesUnit(series, sample.unit(), onMetric)) {
                dependencies.metrics().unitRefused();
            }
            partition.dirty.add(series);
            partition.advanceWatermark(series, pollTime);
            if (!series.rules.isEmpty()) {
                partition.withRules.add(series);
            }
            evaluatedInPoll++;
            transitionsInPoll += partition.transitions.size() - before;
            for (int i = before, n = partition.transitions.size(); i < n && !urgent; i++) {
                Transition transition = partition.transitions.get(i);
                urgent = transition.state() == AlertEvent.State.FIRING
                        && dependencies.announcedAtOnce().test(transition.rule());
            }
        } else {
            dependencies.metrics().late();
        }
    }

    /**
     * Handles no data and retired rules on the series that have rule state, and every {@link #EVICTION_SWEEP_MILLIS}
     * looks at all the others for eviction too: a series without rule state has nothing to resolve, and walking
     * hundreds of thousands of quiet series every second cost more than evaluating the samples.
     */
    private void sweep(RuleCatalog.Snapshot rules) {
        long noDataAfter = dependencies.noDataAfter().toMillis();
        long evictAfter = dependencies.evictAfter().toMillis();
        long silentAfter = dependencies.instanceSilentAfter().toMillis();
        long now = System.currentTimeMillis();
        boolean everySeries = now >= nextEvictionSweep;
        if (everySeries) {
            nextEvictionSweep = now + Math.max(EVICTION_SWEEP_MILLIS, dependencies.sweepInterval().toMillis());
        }
        for (PartitionState partition : partitions.values()) {
            Iterator<SeriesState> candidates = everySeries ? partition.series.values().iterator()
                    : partition.withRules.iterator();
            while (candidates.hasNext()) {
                SeriesState series = candidates.next();
                series.dirty = false;
                boolean read = RuleEvaluator.reads(rules.forMetric(series.metric), rules.ratiosOver(series.metric),
                        series);
                boolean evict = RuleEvaluator.sweepAt(series, now, noDataAfter, evictAfter, silentAfter, rules.byId(),
                        rules.retired(), read, partition.transitions);
                if (evict || series.rules.isEmpty()) {
                    if (everySeries) {
                        partition.withRules.remove(series);
                    } else {
                        candidates.remove();
                    }
                }
                if (evict) {
                    if (everySeries) {
                        candidates.remove();
                    } else {
                        partition.series.remove(series.seriesKey);
                    }
                    partition.dirty.remove(series);
                    (read ? partition.evicted : partition.unread).add(series.seriesKey);
                    dependencies.metrics().evicted();
                } else if (series.dirty) {
                    partition.dirty.add(series);
                }
            }
        }
    }

    private long uncheckpointed() {
        long total = 0;
        for (PartitionState partition : partitions.values()) {
            if (partition.hasProgress()) {
                total += partition.nextOffset - (partition.checkpointedOffset == null ? 0 : partition.checkpointedOffset);
            }
        }
        return total;
    }

    /** Writes every partition's progress in one transaction; false when it must be retried. */
    private boolean checkpoint() {
        List<PartitionState> changed = partitions.values().stream()
                .filter(p -> p.hasProgress() || !p.dirty.isEmpty() || !p.transitions.isEmpty() || !p.evicted.isEmpty()
                        || !p.unread.isEmpty())
                .toList();
        if (changed.isEmpty()) {
            return true;
        }
        long started = System.nanoTime();
        try {
            QuarkusTransaction.requiringNew().timeout(CHECKPOINT_TIMEOUT_SECONDS).run(() -> {
                List<Transition> transitions = new ArrayList<>();
                for (PartitionState partition : changed) {
                    if (partition.hasProgress()) {
                        dependencies.store().advance(partition.partition, partition.checkpointedOffset,
                                partition.nextOffset);
                    }
                    // Forgotten first: a series evicted and back since is saved again below.
                    dependencies.store().forget(partition.evicted);
                    dependencies.store().delete(partition.unread);
                    if (isolating) {
                        drop(partition, dependencies.store().saveIsolating(partition.partition, partition.dirty));
                        dropTransitions(partition, dependencies.store().recordIsolating(partition.transitions,
                                dependencies.recorder()::record));
                    } else {
                        dependencies.store().save(partition.partition, partition.dirty);
                        transitions.addAll(partition.transitions);
                    }
                }
                dependencies.recorder().record(transitions);
            });
        } catch (RuntimeException e) {
            EvaluationStore.PartitionFencedException fenced = fencedCause(e);
            if (fenced == null && EvaluationStore.isDataError(e)) {
                if (!isolating) {
                    // The same rows would fail again for ever: look for the series at fault now, in a new transaction.
                    LOG.warnf("Checkpoint on %s refused by the database (%s); isolating the series at fault", name,
                            e.getMessage());
                    isolating = true;
                    return checkpoint();
                }
                LOG.errorf("Checkpoint on %s refused by the database although no series is at fault; retrying: %s",
                        name, e.getMessage());
                return false;
            }
            if (fenced == null) {
                LOG.warnf("Checkpoint failed on %s, retrying: %s", name, e.getMessage());
                return false;
            }
            // Another instance owns this partition now, or did while we were not looking: take its checkpoint.
            LOG.infof("%s: %s; reloading it", name, fenced.getMessage());
            reload(fenced.partition());
            return false;
        }
        isolating = false;
        dependencies.metrics().checkpointed(System.nanoTime() - started);
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (PartitionState partition : changed) {
            partition.transitions.clear();
            partition.dirty.clear();
            partition.evicted.clear();
            partition.unread.clear();
            if (partition.hasProgress()) {
                partition.checkpointedOffset = partition.nextOffset;
                offsets.put(new TopicPartition(Topics.METRICS, partition.partition),
                        new OffsetAndMetadata(partition.nextOffset));
            }
        }
        // Kafka's committed offsets only serve lag monitoring; the database checkpoint is the truth.
        if (!offsets.isEmpty()) {
            consumer.commitAsync(offsets, null);
        }
        return true;
    }

    /**
     * Dead-letters each series the database refused and forgets it: its state, its place among the dirty and
     * rule-bearing series, and its transitions of this checkpoint (they would fail on the same value). Sent before
     * the checkpoint commits, so a refused series is never lost; if the commit fails, it is gone from memory already
     * and the retry does not send it twice.
     */
    private void drop(PartitionState partition, List<EvaluationStore.Refused> refused) {
        if (refused.isEmpty()) {
            return;
        }
        Set<String> keys = new HashSet<>();
        for (EvaluationStore.Refused row : refused) {
            SeriesState series = row.series();
            deadLetter(partition.partition, series, row.reason());
            keys.add(series.seriesKey);
            partition.series.remove(series.seriesKey, series);
            partition.dirty.remove(series);
            partition.withRules.remove(series);
        }
        partition.transitions.removeIf(transition -> keys.contains(transition.seriesKey()));
    }

    /**
     * Dead-letters each transition the database refused (an alert whose group key is longer than its column), alone
     * and with the reason, and forgets it; the series and its other alerts go on. Sent before the checkpoint commits,
     * as refused series are.
     */
    private void dropTransitions(PartitionState partition, List<EvaluationStore.RefusedTransition> refused) {
        for (EvaluationStore.RefusedTransition row : refused) {
            Transition transition = row.transition();
            SeriesState series = partition.series.get(transition.seriesKey());
            MetricSample sample = new MetricSample("alerting-checkpoint", transition.instanceId(), transition.queueId(),
                    transition.channel(), transition.agentId(), transition.metric(), transition.value(),
                    series == null ? null : series.unit, transition.at(), null);
            sendDeadLetter(partition.partition, transition.seriesKey(), sample, "Transition " + transition.state()
                    + " of rule " + transition.rule().id() + " cannot be recorded: " + row.reason());
            partition.transitions.remove(transition);
        }
    }

    private static EvaluationStore.PartitionFencedException fencedCause(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof EvaluationStore.PartitionFencedException) {
                return (EvaluationStore.PartitionFencedException) cause;
            }
        }
        return null;
    }

    private void reload(int partition) {
        PartitionState state = new PartitionState(partition, dependencies.store().load(partition));
        partitions.put(partition, state);
        TopicPartition topicPartition = new TopicPartition(Topics.METRICS, partition);
        if (state.checkpointedOffset != null && consumer.assignment().contains(topicPartition)) {
            consumer.seek(topicPartition, state.checkpointedOffset);
        }
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, Exception reason) {
        dependencies.metrics().deadLettered();
        ProducerRecord<String, String> dead = new ProducerRecord<>(Topics.METRICS_DLQ, record.key(),
                record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8));
        dead.headers().add(header("dead-letter-reason", String.valueOf(reason.getMessage())));
        dead.headers().add(header("dead-letter-cause", reason.getClass().getName()));
        dead.headers().add(header("dead-letter-topic", record.topic()));
        dead.headers().add(header("dead-letter-partition", String.valueOf(record.partition())));
        dead.headers().add(header("dead-letter-offset", String.valueOf(record.offset())));
        try {
            // Acknowledged before the checkpoint moves past the record: a bad record is never lost.
            dependencies.deadLetters().send(dead).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot send offset " + record.offset() + " to " + Topics.METRICS_DLQ, e);
        }
        LOG.warnf("Sent %s-%d@%d to %s: %s", record.topic(), record.partition(), record.offset(), Topics.METRICS_DLQ,
                reason.getMessage());
    }

    /**
     * A series the checkpoint cannot store, as the sample it last applied: keyed by series like the records of
     * ops.metrics.v1, so it can be read and sent again once the cause is fixed. Which record brought it is not known
     * any more; the partition is.
     */
    private void deadLetter(int partition, SeriesState series, String reason) {
        MetricSample sample = new MetricSample("alerting-checkpoint", series.instanceId, series.queueId,
                series.channel, series.agentId, series.metric, series.value, series.unit,
                Instant.ofEpochMilli(series.sampleTime), null);
        sendDeadLetter(partition, series.seriesKey, sample, "Series cannot be stored in the checkpoint: " + reason);
    }

    /** Sends what the checkpoint could not store, as a sample keyed by its series, with the reason. */
    private void sendDeadLetter(int partition, String seriesKey, MetricSample sample, String reason) {
        dependencies.metrics().deadLettered();
        String value = EventCodec.encode(CloudEvent.of(AlertPublisher.SOURCE, MetricSample.TYPE, seriesKey, sample));
        ProducerRecord<String, String> dead = new ProducerRecord<>(Topics.METRICS_DLQ, seriesKey, value);
        dead.headers().add(header("dead-letter-reason", reason));
        dead.headers().add(header("dead-letter-cause", "checkpoint"));
        dead.headers().add(header("dead-letter-topic", Topics.METRICS));
        dead.headers().add(header("dead-letter-partition", String.valueOf(partition)));
        try {
            dependencies.deadLetters().send(dead).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot send a refused series of partition " + partition + " to "
                    + Topics.METRICS_DLQ, e);
        }
        LOG.warnf("Sent series of %s-%d to %s: %s", Topics.METRICS, partition, Topics.METRICS_DLQ, reason);
    }

    private static RecordHeader header(String key, String value) {
        return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Tells the meters how many series this worker holds now. */
    private void reportHeld() {
        long held = 0;
        for (PartitionState partition : partitions.values()) {
            held += partition.series.size();
        }
        dependencies.metrics().held(held - heldReported);
        heldReported = held;
    }

    /** Far enough behind the end of the stream that catching up matters more than a checkpoint a second. */
    private boolean behind() {
        return currentLag > BACKLOG_RECORDS;
    }

    private long lag() {
        long total = 0;
        for (TopicPartition partition : consumer.assignment()) {
            total += consumer.currentLag(partition).orElse(0);
        }
        return total;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
        if (!abandon) {
            checkpoint();
        }
        revoked.forEach(partition -> {
            partitions.remove(partition.partition());
            positions.remove(partition.partition());
        });
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
        lost.forEach(partition -> {
            partitions.remove(partition.partition());
            positions.remove(partition.partition());
        });
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
        for (TopicPartition partition : assigned) {
            reload(partition.partition());
        }
        if (!assigned.isEmpty()) {
            LOG.infof("%s evaluates partitions %s", name, partitions.keySet());
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
