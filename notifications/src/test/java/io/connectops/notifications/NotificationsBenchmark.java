package io.connectops.notifications;

import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.IncidentEvent;
import io.connectops.contracts.Topics;
import io.connectops.fakes.ReceivedRequest;
import io.connectops.fakes.WebhookFake;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.RealServers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Deliveries to 100 webhook channels through Kafka, routing, the delivery queue and the HTTP senders to a local
 * fake, beside the peer measured in the same run: the rate at which this JVM POSTs the same body to the same fake
 * with the worker's concurrency and nothing else. Prints deliveries/s for a burst of events (every channel well
 * under its pace: 5 messages per channel per second would be the 500/s target, webhooks are paced at 20/s), and event
 * → first delivery (and → every delivery) at a steady 2 events/s, when no channel and no sender is saturated; then the
 * machine's load, as other builds share it. Run from {@code notifications/} with
 * {@code ../mvnw -B -o verify -Dtest=NotificationsBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class NotificationsBenchmark {

    private static final int CHANNELS = 100;
    private static final int BURST_EVENTS = 50;
    private static final int STEADY_EVENTS = 40;
    private static final Duration STEADY_SPACING = Duration.ofMillis(500);
    private static final int PEER_REQUESTS = 5_000;
    private static final int PEER_CONCURRENCY = 16;

    @Test
    void deliveriesPerSecondToAHundredChannelsAndEventToFirstDeliveryBesideRawPosts() throws Exception {
        try (WebhookFake webhook = new WebhookFake()) {
            webhook.start(0);
            String queue = Fixtures.unique("bench");
            String prefix = "/" + queue + "/";
            List<String> channels = new ArrayList<>();
            for (int i = 0; i < CHANNELS; i++) {
                channels.add(Fixtures.webhookChannel(webhook.baseUrl() + prefix + i));
            }
            Fixtures.routeForQueue(queue, channels.toArray(String[]::new));

            try (KafkaProducer<String, String> producer = producer()) {
                // The consumer group is shared with every earlier run: one event through all channels first, so
                // the backlog of other runs' events and the first sends' warm-up are behind us.
                Map<String, Instant> warmUp = new HashMap<>();
                publish(producer, queue, warmUp);
                awaitReceived(webhook, prefix, CHANNELS, 0);
                String load = loadAverage();

                double rawPerSecond = rawPosts(webhook.baseUrl() + "/" + queue + "-raw/post",
                        webhook.received(prefix).get(0).body());

                Map<String, Instant> burst = new HashMap<>();
                Instant burstStart = Instant.now();
                for (int i = 0; i < BURST_EVENTS; i++) {
                    publish(producer, queue, burst);
                }
                producer.flush();
                List<ReceivedRequest> burstReceived = awaitReceived(webhook, prefix, CHANNELS * (1 + BURST_EVENTS),
                        PEER_REQUESTS);
                Instant burstEnd = lastOf(burstReceived, burst);
                double burstSeconds = Duration.between(burstStart, burstEnd).toNanos() / 1e9;
                double deliveriesPerSecond = CHANNELS * BURST_EVENTS / burstSeconds;
                Latencies burstLatency = latencies(burstReceived, burst);

                Map<String, Instant> steady = new HashMap<>();
                Instant steadyStart = Instant.now();
                for (int i = 0; i < STEADY_EVENTS; i++) {
                    // A schedule, not a wait for something: the events leave at a fixed rate.
                    Instant next = steadyStart.plus(STEADY_SPACING.multipliedBy(i));
                    long ahead = Duration.between(Instant.now(), next).toMillis();
                    if (ahead > 0) {
                        Thread.sleep(ahead);
                    }
                    publish(producer, queue, steady);
                    producer.flush();
                }
                List<ReceivedRequest> all = awaitReceived(webhook, prefix,
                        CHANNELS * (1 + BURST_EVENTS + STEADY_EVENTS), PEER_REQUESTS);
                Latencies steadyLatency = latencies(all, steady);
                String loadAfter = loadAverage();

                System.out.printf("%nNotificationsBenchmark: %d webhook channels, %d cores, load average %s before,"
                        + " %s after%n", CHANNELS, Runtime.getRuntime().availableProcessors(), load, loadAfter);
                System.out.printf("  %-58s %10s %16s%n", "figure", "value", "peer / ratio");
                System.out.printf("  %-58s %10.0f %16s%n", "raw HTTP POST to the same fake, " + PEER_CONCURRENCY
                        + " threads (peer), /s", rawPerSecond, "");
                System.out.printf("  %-58s %10.0f %9.0f %5.2f%n", "burst: " + BURST_EVENTS + " events x " + CHANNELS
                        + " channels, deliveries/s", deliveriesPerSecond, rawPerSecond,
                        deliveriesPerSecond / rawPerSecond);
                System.out.printf("  %-58s %10d %16s%n", "burst: event -> first delivery p99, ms",
                        burstLatency.firstP99(), "");
                System.out.printf("  %-58s %10d %16s%n", "burst: event -> every delivery p50, ms",
                        burstLatency.everyP50(), "");
                System.out.printf("  %-58s %10d %16s%n", "burst: event -> every delivery p99, ms",
                        burstLatency.everyP99(), "");
                System.out.printf("  %-58s %10d %16s%n", "steady " + (1000 / STEADY_SPACING.toMillis())
                        + " events/s: event -> first delivery p50, ms", steadyLatency.firstP50(), "");
                System.out.printf("  %-58s %10d %16s%n", "steady: event -> first delivery p99, ms",
                        steadyLatency.firstP99(), "");
                System.out.printf("  %-58s %10d %16s%n", "steady: event -> every delivery p99, ms",
                        steadyLatency.everyP99(), "");
                System.out.printf("  burst %.2f s from first publish to last delivery; %d requests received%n%n",
                        burstSeconds, all.size());
            }
        }
    }

    private static KafkaProducer<String, String> producer() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafkaBootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return new KafkaProducer<>(config);
    }

    /** Publishes one incident event about {@code queue} and notes its event time under its event id. */
    private static void publish(KafkaProducer<String, String> producer, String queue, Map<String, Instant> times) {
        String incidentId = Fixtures.unique("bench-inc");
        CloudEvent<IncidentEvent> event = Fixtures.incident(incidentId, IncidentEvent.Change.OPENED, "OPEN",
                "benchmark", queue);
        times.put(event.id(), event.time());
        producer.send(new ProducerRecord<>(Topics.INCIDENTS, incidentId, EventCodec.encode(event)));
    }

    /**
     * Waits until the fake holds {@code count} requests under {@code prefix}. It polls the fake's whole count (a copy
     * of its list): filtering thousands of requests by path on every poll took more CPU than the senders and held the
     * fake's lock against the requests coming in. The peer's requests are under another prefix and counted apart.
     */
    private static List<ReceivedRequest> awaitReceived(WebhookFake webhook, String prefix, int count, int others) {
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> webhook.received().size() >= count + others);
        return webhook.received(prefix);
    }

    /** The event id a request carries: its {@code X-ConnectOps-Delivery} header is event id + "/" + channel id. */
    private static String eventOf(ReceivedRequest request) {
        String key = request.header("X-ConnectOps-Delivery");
        return key.substring(0, key.lastIndexOf('/'));
    }

    private static Instant lastOf(List<ReceivedRequest> received, Map<String, Instant> events) {
        return received.stream().filter(request -> events.containsKey(eventOf(request)))
                .map(ReceivedRequest::receivedAt).max(Instant::compareTo).orElseThrow();
    }

    record Latencies(long firstP50, long firstP99, long everyP50, long everyP99) {
    }

    /** Event time → arrival at the fake, for the first request of each event and for every request. */
    private static Latencies latencies(List<ReceivedRequest> received, Map<String, Instant> events) {
        Map<String, Long> first = new HashMap<>();
        List<Long> every = new ArrayList<>();
        for (ReceivedRequest request : received) {
            Instant time = events.get(eventOf(request));
            if (time == null) {
                continue;
            }
            long millis = Duration.between(time, request.receivedAt()).toMillis();
            every.add(millis);
            first.merge(eventOf(request), millis, Math::min);
        }
        List<Long> firsts = new ArrayList<>(first.values());
        if (firsts.size() != events.size()) {
            throw new IllegalStateException(firsts.size() + " of " + events.size() + " events arrived");
        }
        Collections.sort(firsts);
        Collections.sort(every);
        return new Latencies(percentile(firsts, 0.50), percentile(firsts, 0.99), percentile(every, 0.50),
                percentile(every, 0.99));
    }

    /** The peer: the same body POSTed to the same fake by {@value #PEER_CONCURRENCY} threads, one request at a time each. */
    private static double rawPosts(String url, String body) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        AtomicInteger left = new AtomicInteger(PEER_REQUESTS);
        ExecutorService threads = Executors.newFixedThreadPool(PEER_CONCURRENCY);
        try {
            long start = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < PEER_CONCURRENCY; i++) {
                running.add(threads.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException("The fake answered " + response.statusCode());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> thread : running) {
                thread.get();
            }
            return PEER_REQUESTS / ((System.nanoTime() - start) / 1e9);
        } finally {
            threads.shutdownNow();
        }
    }

    private static String loadAverage() {
        return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static long percentile(List<Long> sorted, double share) {
        int index = (int) Math.ceil(share * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
