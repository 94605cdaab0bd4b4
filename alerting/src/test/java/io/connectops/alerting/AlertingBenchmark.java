package io.connectops.alerting;

import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.management.OperatingSystemMXBean;

import io.connectops.alerting.evaluation.EvaluationMetrics;
import io.connectops.alerting.evaluation.MetricStreamEvaluator;
import io.connectops.alerting.rules.Aggregation;
import io.connectops.alerting.rules.NoDataPolicy;
import io.connectops.alerting.rules.RuleDraft;
import io.connectops.alerting.rules.RuleService;
import io.connectops.alerting.rules.ThresholdComparator;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.MetricSample;
import io.connectops.contracts.Severity;
import io.connectops.contracts.Topics;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.RealServers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Feeds pre-generated samples of 10,000 series (10 instances x 200 queues x 5 metrics) against 100 rules (20 per
 * metric) through the real broker and prints the sustained evaluation rate and the consumer lag. The samples are
 * produced while the evaluator is stopped; the rate is measured from the first sample evaluated until the evaluator is
 * past the last offset of each partition that got one of them (the topic is shared: other producers' records are
 * counted apart). Run it with {@code ../mvnw -B -o verify -Dtest=AlertingBenchmark} from the alerting module
 * ({@code -Dbench.rounds=} sets how many samples each series gets, 60 by default).
 *
 * <p>Figures and how to read them are in the module's README: 65,453 and 69,438 samples/s sustained on the shared
 * 2-core machine (3 Dec 2026, 600,000 samples, load average 2-3); 12,387 at load average 9 beside another benchmark.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class AlertingBenchmark {

    private static final String[] METRICS = {"abandonment_rate", "service_level", "agent_occupancy",
            "negative_sentiment_rate", "concurrent_calls_percentage"};
    private static final int INSTANCES = 10;
    private static final int QUEUES = 200;
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 60);
    private static final int RULES_PER_METRIC = 20;

    @Inject
    RuleService rules;

    @Inject
    EvaluationMetrics metrics;

    @Inject
    MetricStreamEvaluator evaluator;

    private final List<String> ruleIds = new ArrayList<>();

    @AfterEach
    void deleteRules() {
        ruleIds.forEach(rules::delete);
    }

    @Test
    void evaluate10000SeriesAgainst100Rules() {
        Aggregation[] aggregations = {Aggregation.LAST, Aggregation.AVG, Aggregation.MAX, Aggregation.MIN};
        for (String metric : METRICS) {
            for (int i = 0; i < RULES_PER_METRIC; i++) {
                Aggregation aggregation = aggregations[i % aggregations.length];
                ruleIds.add(rules.create(new RuleDraft("bench " + metric + " " + i + " " + System.nanoTime(), metric,
                        null, null, null, aggregation, aggregation == Aggregation.LAST ? null : "PT5M", ThresholdComparator.GT,
                        80.0 + i, null, "PT1M", "PT1M", NoDataPolicy.RESOLVE, Severity.P4, null, "benchmark rule",
                        "benchmark rule", null, true)).id());
            }
        }

        // Series of their own: a run minutes after another would otherwise find its series ahead of these samples'
        // times and skip them as late, which is cheap and would flatter the rate.
        String run = "bench-" + Long.toString(System.currentTimeMillis(), 36) + "-i";
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofSeconds(15L * ROUNDS));
        Random random = new Random(42);
        List<ProducerRecord<String, String>> records = new ArrayList<>(INSTANCES * QUEUES * METRICS.length * ROUNDS);
        for (int round = 0; round < ROUNDS; round++) {
            Instant at = base.plusSeconds(15L * round);
            for (int instance = 0; instance < INSTANCES; instance++) {
                for (int queue = 0; queue < QUEUES; queue++) {
                    for (String metric : METRICS) {
                        // Mostly quiet, a few series over the thresholds so that transitions are part of the load.
                        double value = queue % 50 == 0 ? 95 + random.nextDouble() * 5 : random.nextDouble() * 70;
                        MetricSample sample = new MetricSample("bench", run + instance, "bench-q" + queue, null,
                                null, metric, value, "PERCENT", at, null);
                        records.add(new ProducerRecord<>(Topics.METRICS, sample.seriesKey(), EventCodec.encode(
                                CloudEvent.of("/bench", MetricSample.TYPE, sample.seriesKey(), sample))));
                    }
                }
            }
        }

        await().atMost(Duration.ofMinutes(2)).until(() -> metrics.lag() == 0);
        // The evaluator is stopped while the samples are produced, then started on the backlog: what is measured is
        // evaluation (decode, rules, checkpoints, transitions), not how fast this machine can produce.
        evaluator.workers().forEach(MetricStreamEvaluator.Worker::stop);
        long produceStart = System.nanoTime();
        // The topic is shared with whatever else runs against this broker: done means past the last offset of each
        // partition that got our samples, not a count of samples that other producers' records would inflate.
        Map<Integer, Long> lastOffsets = new ConcurrentHashMap<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig())) {
            records.forEach(record -> producer.send(record, (metadata, error) -> {
                if (metadata != null) {
                    lastOffsets.merge(metadata.partition(), metadata.offset(), Math::max);
                }
            }));
            producer.flush();
        }
        double produceSeconds = (System.nanoTime() - produceStart) / 1e9;
        long evaluatedBefore = metrics.evaluated();
        long transitionsBefore = metrics.transitions();
        long lateBefore = metrics.lateSamples();
        long checkpointNanosBefore = metrics.checkpointNanos();
        metrics.maxLagAndReset();

        long cpuBefore = processCpuNanos();
        long started = System.nanoTime();
        MetricStreamEvaluator.Worker worker = evaluator.startWorker();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(10))
                .until(() -> metrics.evaluated() > evaluatedBefore);
        long firstEvaluated = System.nanoTime();
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Map<Integer, Long> positions = worker.positions();
            return lastOffsets.entrySet().stream()
                    .allMatch(last -> positions.getOrDefault(last.getKey(), -1L) > last.getValue());
        });
        long done = System.nanoTime();
        double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
        double evaluatingSeconds = (done - firstEvaluated) / 1e9;
        double totalSeconds = (done - started) / 1e9;
        long evaluated = records.size();
        long evaluatedWithOthers = metrics.evaluated() - evaluatedBefore;

        System.out.printf("%nAlertingBenchmark: %d series x %d rules, %d samples (%d rounds)%n",
                INSTANCES * QUEUES * METRICS.length, ruleIds.size(), records.size(), ROUNDS);
        System.out.printf("  produced in %.1f s (%.0f samples/s) while the evaluator was stopped%n", produceSeconds,
                records.size() / produceSeconds);
        System.out.printf("  evaluated %d samples in %.1f s from the first one: %.0f samples/s sustained, "
                + "%.0f rule evaluations/s%n", evaluated, evaluatingSeconds, evaluated / evaluatingSeconds,
                evaluated * RULES_PER_METRIC / evaluatingSeconds);
        System.out.printf("  samples of other producers on the topic evaluated meanwhile: %d; skipped as late: %d%n",
                Math.max(0, evaluatedWithOthers - evaluated), metrics.lateSamples() - lateBefore);
        System.out.printf("  %.1f s including the worker's start (group join, checkpoint load): %.0f samples/s%n",
                totalSeconds, evaluated / totalSeconds);
        System.out.printf("  checkpoint transactions took %.1f s of it%n",
                (metrics.checkpointNanos() - checkpointNanosBefore) / 1e9);
        System.out.printf("  transitions: %d; max consumer lag: %d records%n", metrics.transitions() - transitionsBefore,
                metrics.maxLagAndReset());
        // The machine is shared: CPU time of this process says what the evaluation costs whatever else runs beside it.
        System.out.printf("  this process used %.1f CPU-seconds meanwhile (%.0f samples per CPU-second); "
                + "load average %.2f on %d cores%n%n", cpuSeconds, evaluated / cpuSeconds,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
    }

    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static Properties producerConfig() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafkaBootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return config;
    }
}
