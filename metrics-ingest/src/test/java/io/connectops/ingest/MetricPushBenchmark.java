package io.connectops.ingest;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.MetricSample;
import io.connectops.contracts.Topics;
import io.connectops.ingest.config.IngestConfig;
import io.connectops.platform.kafka.KafkaClientSettings;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;

/**
 * Pushes batches of 500 samples through {@code POST /api/v1/metrics} from several clients at once, and prints the
 * sustained samples/s (first request to last answer) and the p50/p99 latency from a batch's request to its 202, which
 * the service sends only once Kafka has acknowledged every sample of the batch. The samples are then read back from
 * {@code ops.metrics.v1}, outside the measured time, to show that each arrived exactly once.
 *
 * <p>Beside it, the peer: a plain {@link KafkaProducer} loop (what Kafka's {@code ProducerPerformance} does: send
 * with a callback, then wait for every acknowledgement) with the service's own producer settings
 * ({@link KafkaClientSettings#reliableProducer}: idempotent, {@code acks=all}, the same linger and batch size, and
 * the push's own compression, {@code connectops.ingest.push.compression}), sending as many records of the same keys
 * and sizes as the push to a topic with as many partitions, on the same broker, once right before and once right
 * after the push; the ratio is the push rate over the mean of the two. Only figures are printed: the machine is shared, so nothing here asserts a timing.
 *
 * <p>The samples belong to a fixed set of series, as pushed metrics do (an IVR flow, an API, a queue reporting every
 * period): 20 instances x 500 queues, the 10,000 series of the alerting benchmark, each batch one instance's queues
 * at a later time. Run it with {@code ../mvnw -B -o verify -Dtest=MetricPushBenchmark} from metrics-ingest;
 * {@code -Dbench.batches=600 -Dbench.clients=8} change the load.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class MetricPushBenchmark {

    private static final int BATCH = 500;
    private static final int INSTANCES = 20;
    private static final int BATCHES = Integer.getInteger("bench.batches", 2400);
    private static final int WARM_UP_BATCHES = 60;
    private static final int CLIENTS = Integer.getInteger("bench.clients", 6);

    private static final String PEER_TOPIC = "bench.metric-push-peer";

    @TestHTTPResource("/api/v1/metrics")
    URL endpoint;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    IngestConfig config;

    @Test
    void pushBatchesOf500ToKafka() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String token = TestTokens.bearer(TestTokens.forUser("benchmark-client", Roles.INGEST));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        push(http, token, bodies("warm-" + run, WARM_UP_BATCHES));

        List<String> bodies = bodies(run, BATCHES);
        int samples = BATCHES * BATCH;
        List<ProducerRecord<String, byte[]>> peerRecords = peerRecords(run, samples);
        try (MetricsTopicWindow window = MetricsTopicWindow.openAtEnd();
                KafkaProducer<String, byte[]> peer = peerProducer(window.partitionCount())) {
            produce(peer, peerRecords.subList(0, Math.min(peerRecords.size(), WARM_UP_BATCHES * BATCH)));
            double peerBefore = produce(peer, peerRecords);

            long start = System.nanoTime();
            long[] latencies = push(http, token, bodies);
            double seconds = (System.nanoTime() - start) / 1e9;
            Arrays.sort(latencies);

            double peerAfter = produce(peer, peerRecords);

            double pushRate = samples / seconds;
            double peerRate = (peerBefore + peerAfter) / 2;
            System.out.printf("%nMetricPushBenchmark: %d batches of %d samples from %d clients, %d series (%s cores)%n",
                    BATCHES, BATCH, CLIENTS, INSTANCES * BATCH, Runtime.getRuntime().availableProcessors());
            System.out.printf("  %d samples accepted in %.1f s: %.0f samples/s sustained%n", samples, seconds,
                    samples / seconds);
            System.out.printf("  request -> Kafka acknowledgement (202): p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                    percentile(latencies, 50), percentile(latencies, 99), percentile(latencies, 100));
            System.out.printf("  Kafka producer, same settings and broker, %d records of the same keys and sizes: "
                    + "%.0f records/s before the push, %.0f after%n", samples, peerBefore, peerAfter);
            System.out.printf("  push / producer: %.2f%n", pushRate / peerRate);
            String marker = "bench-" + run + "-";
            Map<String, Long> copies = window.recordsUntilNow(r -> r.key() != null && r.key().startsWith(marker), Duration.ofMinutes(10))
                    .stream().collect(Collectors.groupingBy(r -> r.key() + "@" + timestampOf(r.value()),
                            Collectors.counting()));
            long duplicated = copies.values().stream().filter(n -> n > 1).count();

            System.out.printf("  read back from %s: %d distinct samples of %d, %d duplicated%n%n", Topics.METRICS,
                    copies.size(), samples, duplicated);
            if (copies.size() != samples || duplicated != 0) {
                throw new AssertionError("Accepted samples missing or duplicated on " + Topics.METRICS);
            }
        }
    }

    /**
     * Records as the service writes them for the samples of the push (key, CloudEvent JSON, the two headers), built
     * before anything is timed.
     */
    private static List<ProducerRecord<String, byte[]>> peerRecords(String run, int count) throws Exception {
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            int b = n / BATCH;
            int s = n % BATCH;
            MetricSample sample = new MetricSample("push", "bench-" + run + "-" + b % INSTANCES, "q-" + s, null, null,
                    "ivr_response_time", (double) (100 + (s + b) % 700), "MILLISECONDS", at.plusSeconds(b), Map.of());
            String key = sample.seriesKey();
            String id = UUID.nameUUIDFromBytes((key + "@" + sample.timestamp()).getBytes(StandardCharsets.UTF_8)).toString();
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(PEER_TOPIC, key, EventCodec.mapper()
                    .writeValueAsBytes(CloudEvent.of(id, "metrics-ingest", MetricSample.TYPE, key, at, sample)));
            record.headers().add("ce_id", id.getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_type", MetricSample.TYPE.getBytes(StandardCharsets.UTF_8));
            records.add(record);
        }
        return records;
    }

    /**
     * The peer's producer, once its topic (as many partitions as {@code ops.metrics.v1}) exists and each partition has
     * a leader: an idempotent producer sending into a topic still being created gets sequence errors.
     */
    private KafkaProducer<String, byte[]> peerProducer(int partitions) throws Exception {
        try (Admin admin = Admin.create(KafkaClientSettings.admin(kafkaConfig))) {
            try {
                admin.createTopics(List.of(new NewTopic(PEER_TOPIC, partitions, (short) 1))).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!allLed(admin)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(PEER_TOPIC + " has partitions without a leader after 60 s");
                }
                Thread.onSpinWait();
            }
        }
        Map<String, Object> settings = KafkaClientSettings.reliableProducer(kafkaConfig, "bench-peer",
                ByteArraySerializer.class);
        // The push producer's own compression (AcknowledgedProducer), so that the peer has all its settings.
        settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, config.push().compression());
        return new KafkaProducer<>(settings);
    }

    private static boolean allLed(Admin admin) throws Exception {
        try {
            TopicDescription topic = admin.describeTopics(List.of(PEER_TOPIC)).allTopicNames().get().get(PEER_TOPIC);
            return topic.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Sends every record with a callback and waits until all are acknowledged, as {@code ProducerPerformance} does;
     * returns records/s.
     */
    private static double produce(KafkaProducer<String, byte[]> producer, List<ProducerRecord<String, byte[]>> records)
            throws Exception {
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        long start = System.nanoTime();
        for (ProducerRecord<String, byte[]> record : records) {
            producer.send(record, (metadata, failure) -> {
                if (failure != null) {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, failure);
                }
            });
        }
        producer.flush();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " records of the peer were not acknowledged",
                    firstFailure.get());
        }
        return records.size() / seconds;
    }

    private static String timestampOf(String event) {
        int at = event.indexOf("\"timestamp\":\"");
        return event.substring(at + 13, event.indexOf('"', at + 13));
    }

    private static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    /** Batch {@code b} is the 500 queues of instance {@code <run>-<b mod 20>}, {@code b} seconds after the first. */
    private static List<String> bodies(String run, int batches) {
        // In the past, one second apart: pushed samples may not be ahead of the service's clock.
        Instant first = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(batches);
        List<String> bodies = new ArrayList<>(batches);
        for (int b = 0; b < batches; b++) {
            String at = first.plusSeconds(b).toString();
            StringBuilder body = new StringBuilder(BATCH * 140).append("{\"samples\":[");
            for (int s = 0; s < BATCH; s++) {
                if (s > 0) {
                    body.append(',');
                }
                body.append("{\"instanceId\":\"bench-").append(run).append('-').append(b % INSTANCES)
                        .append("\",\"queueId\":\"q-").append(s)
                        .append("\",\"metric\":\"ivr_response_time\",\"value\":").append(100 + (s + b) % 700)
                        .append(",\"unit\":\"MILLISECONDS\",\"timestamp\":\"").append(at).append("\"}");
            }
            bodies.add(body.append("]}").toString());
        }
        return bodies;
    }

    /** Pushes every body once from {@link #CLIENTS} clients; returns each batch's time from request to 202. */
    private long[] push(HttpClient http, String token, List<String> bodies) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long[] latencies = new long[bodies.size()];
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        URI uri = endpoint.toURI();
        for (int c = 0; c < CLIENTS; c++) {
            clients.add(pool.submit(() -> {
                for (int b = next.getAndIncrement(); b < bodies.size(); b = next.getAndIncrement()) {
                    long sent = System.nanoTime();
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                            .header("Authorization", token).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(bodies.get(b))).build(),
                            HttpResponse.BodyHandlers.ofString());
                    latencies[b] = System.nanoTime() - sent;
                    if (response.statusCode() != 202) {
                        throw new IllegalStateException("Push refused: " + response.statusCode() + " " + response.body());
                    }
                }
                return null;
            }));
        }
        for (Future<?> client : clients) {
            client.get();
        }
        pool.shutdown();
        return latencies;
    }
}
