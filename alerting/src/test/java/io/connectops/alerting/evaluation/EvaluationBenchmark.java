package io.connectops.alerting.evaluation;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.connectops.alerting.alerts.Transition;
import io.connectops.alerting.rules.Aggregation;
import io.connectops.alerting.rules.NoDataPolicy;
import io.connectops.alerting.rules.RuleCatalog;
import io.connectops.alerting.rules.RuleSpec;
import io.connectops.alerting.rules.ThresholdComparator;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.MetricSample;
import io.connectops.contracts.Severity;

/**
 * The evaluation itself, in memory, beside its peer in the same run: 100 rules (20 on each of 5 metrics: LAST, AVG,
 * MAX, MIN over 5 minutes) over 10,000 series (10 instances x 200 queues x 5 metrics), every record decoded from the
 * bytes Kafka delivers and evaluated as the worker does. The peer is the bare decode loop over the same records: the
 * difference is what the rules cost. No broker, no database, no assertion: it prints figures. Run it with
 * {@code ../mvnw -B -o verify -Dtest=EvaluationBenchmark} from the alerting module ({@code -Dbench.rounds=}, 30 by
 * default; the first third of the rounds warms the JIT up and is not counted).
 */
class EvaluationBenchmark {

    private static final String[] METRICS = {"abandonment_rate", "service_level", "agent_occupancy",
            "negative_sentiment_rate", "concurrent_calls_percentage"};
    private static final int INSTANCES = 10;
    private static final int QUEUES = 200;
    private static final int RULES_PER_METRIC = 20;
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 30);

    @Test
    void evaluate10000SeriesAgainst100RulesBesideTheBareDecodeLoop() {
        Aggregation[] aggregations = {Aggregation.LAST, Aggregation.AVG, Aggregation.MAX, Aggregation.MIN};
        List<RuleSpec> rules = new ArrayList<>();
        for (String metric : METRICS) {
            for (int i = 0; i < RULES_PER_METRIC; i++) {
                Aggregation aggregation = aggregations[i % aggregations.length];
                rules.add(new RuleSpec(metric + "-" + i, "bench " + metric + " " + i, metric, null, null, null,
                        aggregation, aggregation == Aggregation.LAST ? 0 : 300_000, ThresholdComparator.GT, 80.0 + i,
                        60_000, 60_000, NoDataPolicy.RESOLVE, Severity.P4, Map.of(), "benchmark rule",
                        "benchmark rule", null));
            }
        }
        RuleCatalog.Snapshot snapshot = RuleCatalog.Snapshot.of(rules, Map.of());
        Random random = new Random(42);
        Instant base = Instant.parse("2026-12-01T00:00:00Z");
        List<byte[]> records = new ArrayList<>(INSTANCES * QUEUES * METRICS.length * ROUNDS);
        for (int round = 0; round < ROUNDS; round++) {
            Instant at = base.plusSeconds(15L * round);
            for (int instance = 0; instance < INSTANCES; instance++) {
                for (int queue = 0; queue < QUEUES; queue++) {
                    for (String metric : METRICS) {
                        // Mostly quiet, a few series over the thresholds so that transitions are part of the load.
                        double value = queue % 50 == 0 ? 95 + random.nextDouble() * 5 : random.nextDouble() * 70;
                        MetricSample sample = new MetricSample("bench", "i-" + instance, "q-" + queue, null, null,
                                metric, value, "PERCENT", at, null);
                        records.add(EventCodec.encode(CloudEvent.of("/bench", MetricSample.TYPE, sample.seriesKey(),
                                sample)).getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        }
        int warmUp = records.size() / 3;

        long decodeNanos = 0;
        long checksum = 0;
        for (int pass = 0; pass < 2; pass++) {
            long started = System.nanoTime();
            for (int i = pass == 0 ? 0 : warmUp; i < records.size(); i++) {
                checksum += SampleDecoder.decode(records.get(i)).metric().length();
            }
            decodeNanos = System.nanoTime() - started;
        }

        Map<String, SeriesState> series = new HashMap<>();
        RuleEvaluator.SeriesLookup lookup = RuleEvaluator.SeriesLookup.of(series);
        List<Transition> transitions = new ArrayList<>();
        long evaluateNanos = 0;
        long counted = records.size() - warmUp;
        long started = System.nanoTime();
        for (int i = 0; i < records.size(); i++) {
            if (i == warmUp) {
                started = System.nanoTime();
                transitions.clear();
            }
            MetricSample sample = SampleDecoder.decode(records.get(i));
            SeriesState state = series.computeIfAbsent(sample.seriesKey(), key -> RuleEvaluator.newSeries(sample));
            RuleEvaluator.apply(state, sample, snapshot.forMetric(sample.metric()),
                    snapshot.ratiosOver(sample.metric()), lookup, transitions);
        }
        evaluateNanos = System.nanoTime() - started;

        double decodeRate = counted / (decodeNanos / 1e9);
        double evaluateRate = counted / (evaluateNanos / 1e9);
        System.out.printf("%nEvaluationBenchmark: %d series x %d rules, %d samples counted (%d rounds, first third "
                + "warming up)%n", series.size(), rules.size(), counted, ROUNDS);
        System.out.printf("  %-42s %,12.0f samples/s%n", "decode + evaluate (the worker's loop)", evaluateRate);
        System.out.printf("  %-42s %,12.0f samples/s%n", "peer: bare decode loop, same records", decodeRate);
        System.out.printf("  ratio %.2f; %,d transitions; load average %.2f on %d cores (checksum %d)%n%n",
                evaluateRate / decodeRate, transitions.size(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors(), checksum);
    }
}
