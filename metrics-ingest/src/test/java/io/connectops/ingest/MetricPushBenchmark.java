package io.connectops.ingest;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import io.connectops.contracts.Topics;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.RealServers;
import io.connectops.platform.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Pushes batches of 500 samples through {@code POST /api/v1/metrics} from several clients at once and reads them
 * back from {@code ops.metrics.v1}; prints the sustained samples/s (first request to last record on Kafka) and the
 * p50/p99 latency from a batch's request to each of its records being readable on Kafka (acknowledged by the
 * broker, then fetched). Run it with {@code ../mvnw -B -o verify -Dtest=MetricPushBenchmark} from metrics-ingest;
 * {@code -Dbench.batches=400 -Dbench.clients=4} change the load.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class MetricPushBenchmark {

    private static final int BATCH = 500;
    private static final int BATCHES = Integer.getInteger("bench.batches", 200);
    private static final int WARM_UP_BATCHES = 20;
    private static final int CLIENTS = Integer.getInteger("bench.clients", 4);

    @TestHTTPResource("/api/v1/metrics")
    URL endpoint;

    @Test
    void pushBatchesOf500ToKafka() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String token = TestTokens.bearer(TestTokens.forUser("benchmark-client", Roles.INGEST));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        push(http, token, bodies("warm-" + run, WARM_UP_BATCHES), new AtomicLongArray(WARM_UP_BATCHES));

        List<String> bodies = bodies(run, BATCHES);
        AtomicLongArray sentAt = new AtomicLongArray(BATCHES);
        Map<Integer, AtomicInteger> arrived = new ConcurrentHashMap<>();
        long[] latencies = new long[BATCHES * BATCH];
        AtomicInteger received = new AtomicInteger();
        long[] lastArrival = new long[1];
        try (KafkaConsumer<String, String> consumer = consumerAtEnd()) {
            long start = System.nanoTime();
            ExecutorService clients = Executors.newSingleThreadExecutor();
            Future<?> pushing = clients.submit(() -> {
                push(http, token, bodies, sentAt);
                return null;
            });
            String marker = "bench-" + run + "-";
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (received.get() < BATCHES * BATCH && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    String key = record.key();
                    if (key == null || !key.startsWith(marker)) {
                        continue;
                    }
                    int batch = Integer.parseInt(key.substring(marker.length(), key.indexOf('/')));
                    latencies[received.getAndIncrement()] = now - sentAt.get(batch);
                    arrived.computeIfAbsent(batch, b -> new AtomicInteger()).incrementAndGet();
                    lastArrival[0] = now;
                }
            }
            pushing.get();
            clients.shutdown();
            int count = received.get();
            double seconds = (lastArrival[0] - start) / 1e9;
            long[] measured = Arrays.copyOf(latencies, count);
            Arrays.sort(measured);
            System.out.printf("%nMetricPushBenchmark: %d batches of %d samples from %d clients (%s cores)%n", BATCHES,
                    BATCH, CLIENTS, Runtime.getRuntime().availableProcessors());
            System.out.printf("  %d of %d samples on Kafka in %.1f s: %.0f samples/s sustained%n", count,
                    BATCHES * BATCH, seconds, count / seconds);
            System.out.printf("  request -> Kafka latency: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n%n",
                    percentile(measured, 50), percentile(measured, 99), percentile(measured, 100));
        }
    }

    private static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    /** Batch {@code b} is instance {@code bench-<run>-<b>}: its records are recognised by key. */
    private static List<String> bodies(String run, int batches) {
        String at = Instant.now().toString();
        List<String> bodies = new ArrayList<>(batches);
        for (int b = 0; b < batches; b++) {
            StringBuilder body = new StringBuilder(BATCH * 140).append("{\"samples\":[");
            for (int s = 0; s < BATCH; s++) {
                if (s > 0) {
                    body.append(',');
                }
                body.append("{\"instanceId\":\"bench-").append(run).append('-').append(b)
                        .append("\",\"queueId\":\"q-").append(s)
                        .append("\",\"metric\":\"ivr_response_time\",\"value\":").append(100 + s % 700)
                        .append(",\"unit\":\"MILLISECONDS\",\"timestamp\":\"").append(at).append("\"}");
            }
            bodies.add(body.append("]}").toString());
        }
        return bodies;
    }

    private void push(HttpClient http, String token, List<String> bodies, AtomicLongArray sentAt) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        URI uri = endpoint.toURI();
        for (int c = 0; c < CLIENTS; c++) {
            clients.add(pool.submit(() -> {
                for (int b = next.getAndIncrement(); b < bodies.size(); b = next.getAndIncrement()) {
                    sentAt.set(b, System.nanoTime());
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                            .header("Authorization", token).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(bodies.get(b))).build(),
                            HttpResponse.BodyHandlers.ofString());
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
    }

    private static KafkaConsumer<String, String> consumerAtEnd() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config);
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.METRICS).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }
}
