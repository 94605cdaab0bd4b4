package io.connectops.alerting.evaluation;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Counters of the evaluator, on /q/metrics and for the benchmark. */
@ApplicationScoped
public class EvaluationMetrics {

    private final AtomicLong evaluated = new AtomicLong();
    private final AtomicLong transitions = new AtomicLong();
    private final AtomicLong late = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong unitRefused = new AtomicLong();
    private final AtomicLong evicted = new AtomicLong();
    private final AtomicLong unread = new AtomicLong();
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong lag = new AtomicLong();
    private final AtomicLong maxLag = new AtomicLong();
    private final AtomicLong checkpointNanos = new AtomicLong();
    private final Timer checkpoints;

    @Inject
    public EvaluationMetrics(MeterRegistry registry) {
        Gauge.builder("alerting.samples.evaluated", evaluated, AtomicLong::get).register(registry);
        Gauge.builder("alerting.samples.late", late, AtomicLong::get)
                .description("Samples not newer than their series' latest: late or redelivered, skipped").register(registry);
        Gauge.builder("alerting.samples.dead_lettered", deadLettered, AtomicLong::get).register(registry);
        Gauge.builder("alerting.samples.unit_refused", unitRefused, AtomicLong::get)
                .description("Samples in another unit than a rule on their metric declares: not compared, no data")
                .register(registry);
        Gauge.builder("alerting.transitions", transitions, AtomicLong::get).register(registry);
        Gauge.builder("alerting.series.evicted", evicted, AtomicLong::get)
                .description("Series forgotten: silent for connectops.alerting.evaluation.evict-after, or no rule "
                        + "reads them any more")
                .register(registry);
        Gauge.builder("alerting.series.held", held, AtomicLong::get)
                .description("Series whose state this instance holds in memory").register(registry);
        Gauge.builder("alerting.samples.unread", unread, AtomicLong::get)
                .description("Samples of series that no enabled rule reads: neither held nor stored")
                .register(registry);
        Gauge.builder("alerting.consumer.lag", lag, AtomicLong::get)
                .description("Records behind the end of ops.metrics.v1, summed over this instance's partitions")
                .register(registry);
        checkpoints = Timer.builder("alerting.checkpoint.duration")
                .description("Checkpoint transactions: series state, offsets and transitions written together")
                .register(registry);
    }

    void checkpointed(long nanos) {
        checkpoints.record(nanos, TimeUnit.NANOSECONDS);
        checkpointNanos.addAndGet(nanos);
    }

    /** Time spent in checkpoint transactions since the start, for benchmarks. */
    public long checkpointNanos() {
        return checkpointNanos.get();
    }

    void evaluated(long samples, long newTransitions) {
        if (samples > 0) {
            evaluated.addAndGet(samples);
        }
        if (newTransitions > 0) {
            transitions.addAndGet(newTransitions);
        }
    }

    void evicted() {
        evicted.incrementAndGet();
    }

    void unread(long samples) {
        if (samples > 0) {
            unread.addAndGet(samples);
        }
    }

    void held(long change) {
        if (change != 0) {
            held.addAndGet(change);
        }
    }

    void late() {
        late.incrementAndGet();
    }

    void deadLettered() {
        deadLettered.incrementAndGet();
    }

    void unitRefused() {
        unitRefused.incrementAndGet();
    }

    void recordLag(long records) {
        lag.set(records);
        maxLag.accumulateAndGet(records, Math::max);
    }

    public long evaluated() {
        return evaluated.get();
    }

    /** Samples not evaluated because their series had already seen a later one, since the start. */
    public long lateSamples() {
        return late.get();
    }

    public long transitions() {
        return transitions.get();
    }

    public long lag() {
        return lag.get();
    }

    /** The highest lag seen since the last reset, for benchmarks. */
    public long maxLagAndReset() {
        return maxLag.getAndSet(0);
    }
}
