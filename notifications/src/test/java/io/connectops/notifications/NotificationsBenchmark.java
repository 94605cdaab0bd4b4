package io.connectops.notifications;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.IncidentEvent;
import io.connectops.contracts.Topics;
import io.connectops.fakes.WebhookFake;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.RealServers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Pushes incident events through Kafka, routing, the delivery queue and the HTTP senders to a local webhook fake,
 * and prints deliveries per second and the latency from event time to delivery. Run with
 * {@code ../mvnw -B -o verify -Dtest=NotificationsBenchmark} from {@code notifications/}.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class NotificationsBenchmark {

    private static final int CHANNELS = 20;
    private static final int EVENTS = 100;

    @Test
    void deliveriesPerSecondAndEventToDeliveryLatency() {
        try (WebhookFake webhook = new WebhookFake()) {
            webhook.start(0);
            String queue = Fixtures.unique("bench");
            List<String> channels = new ArrayList<>();
            for (int i = 0; i < CHANNELS; i++) {
                channels.add(Fixtures.webhookChannel(webhook.baseUrl() + "/" + queue + "/" + i));
            }
            Fixtures.routeForQueue(queue, channels.toArray(String[]::new));

            Properties config = new Properties();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafkaBootstrapServers());
            config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            List<String> incidents = new ArrayList<>();
            Instant start = Instant.now();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
                for (int i = 0; i < EVENTS; i++) {
                    String incidentId = Fixtures.unique("bench-inc");
                    incidents.add(incidentId);
                    CloudEvent<IncidentEvent> event = Fixtures.incident(incidentId, IncidentEvent.Change.OPENED,
                            "OPEN", "benchmark", queue);
                    producer.send(new ProducerRecord<>(Topics.INCIDENTS, incidentId, EventCodec.encode(event)));
                }
                producer.flush();
            }
            int expected = CHANNELS * EVENTS;
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> webhook.received("/" + queue).size() >= expected);
            Instant end = Instant.now();

            List<Long> latencies = new ArrayList<>();
            Instant lastDelivered = start;
            for (String incidentId : incidents) {
                JsonPath deliveries = Fixtures.deliveries("incidentId", incidentId);
                List<String> eventTimes = deliveries.getList("items.eventTime", String.class);
                List<String> deliveredAts = deliveries.getList("items.deliveredAt", String.class);
                for (int i = 0; i < eventTimes.size(); i++) {
                    Instant delivered = Instant.parse(deliveredAts.get(i));
                    latencies.add(Duration.between(Instant.parse(eventTimes.get(i)), delivered).toMillis());
                    lastDelivered = delivered.isAfter(lastDelivered) ? delivered : lastDelivered;
                }
            }
            Collections.sort(latencies);
            double seconds = Duration.between(start, lastDelivered).toMillis() / 1000.0;
            System.out.printf("%nNotificationsBenchmark: %d events x %d webhook channels = %d deliveries (%d received)%n",
                    EVENTS, CHANNELS, latencies.size(), webhook.received("/" + queue).size());
            System.out.printf("NotificationsBenchmark: %.1f deliveries/s (%.1f s from first publish to last delivery)%n",
                    latencies.size() / seconds, seconds);
            System.out.printf("NotificationsBenchmark: event->delivery latency p50 %d ms, p99 %d ms, max %d ms%n",
                    percentile(latencies, 0.50), percentile(latencies, 0.99), latencies.get(latencies.size() - 1));
            System.out.printf("NotificationsBenchmark: wall time until the fake had everything %.1f s%n%n",
                    Duration.between(start, end).toMillis() / 1000.0);
        }
    }

    private static long percentile(List<Long> sorted, double share) {
        int index = (int) Math.ceil(share * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
