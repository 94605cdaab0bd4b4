package io.connectops.alerting;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import javax.sql.DataSource;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.connectops.alerting.evaluation.RuleEvaluator;
import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.MetricSample;
import io.connectops.contracts.Topics;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealServers;
import io.restassured.http.ContentType;

/** Samples in, rules through the API, alert events out: what the alerting tests share. */
public final class AlertingFixtures {

    public static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static KafkaProducer<String, String> producer;

    private AlertingFixtures() {
    }

    public static String uniqueInstance() {
        return "inst-" + UUID.randomUUID();
    }

    public static MetricSample sample(String instance, String metric, double value, Instant at) {
        return new MetricSample("test", instance, "q-1", null, null, metric, value, "PERCENT", at, null);
    }

    /** Sends one sample per minute from {@code fromMinute} to {@code toMinute} after T0, in order, and waits for the acks. */
    public static void sendMinutes(String instance, String metric, int fromMinute, int toMinute, double value) {
        List<MetricSample> samples = new ArrayList<>();
        for (int minute = fromMinute; minute <= toMinute; minute++) {
            samples.add(sample(instance, metric, value, T0.plus(Duration.ofMinutes(minute))));
        }
        send(samples);
    }

    public static synchronized void send(List<MetricSample> samples) {
        if (producer == null) {
            Properties config = new Properties();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafkaBootstrapServers());
            config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(config);
        }
        for (MetricSample sample : samples) {
            CloudEvent<MetricSample> event = CloudEvent.of("/test", MetricSample.TYPE, sample.seriesKey(), sample);
            producer.send(new ProducerRecord<>(Topics.METRICS, sample.seriesKey(), EventCodec.encode(event)));
        }
        producer.flush();
    }

    /** Creates a rule through the API that only watches {@code instance}, and returns its id. */
    public static String createRule(String instance, String metric, String comparator, double threshold,
            String forDuration, String keepFiringFor, String severity) {
        return createRule(instance, metric, comparator, threshold, forDuration, keepFiringFor, severity, Map.of());
    }

    /** The same, with more fields of the rule (grouping timers, aggregation...). */
    public static String createRule(String instance, String metric, String comparator, double threshold,
            String forDuration, String keepFiringFor, String severity, Map<String, Object> more) {
        Map<String, Object> rule = new HashMap<>(more);
        rule.put("name", "test " + metric + " " + UUID.randomUUID());
        rule.put("metric", metric);
        rule.put("instanceId", instance);
        rule.put("comparator", comparator);
        rule.put("threshold", threshold);
        rule.put("forDuration", forDuration);
        rule.put("keepFiringFor", keepFiringFor);
        rule.put("severity", severity);
        rule.put("summary", "test rule");
        rule.put("description", "A rule created by a test");
        return ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON).body(rule).post("/api/v1/rules")
                .then().statusCode(201).body("id", notNullValue()).extract().path("id");
    }

    /** Waits until the series API shows the series of {@code instance} with {@code count} samples applied. */
    public static void awaitSamplesApplied(String instance, long count) {
        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> ApiSecurity.as(Roles.VIEWER)
                .queryParam("instanceId", instance).get("/api/v1/series").then().statusCode(200)
                .body("[0].samplesApplied", equalTo((int) count)));
    }

    /** The next offset of a partition of ops.metrics.v1 in the evaluator's checkpoint; -1 before the first one. */
    public static long checkpointedOffset(DataSource dataSource, int partition) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT next_offset FROM partition_checkpoint WHERE topic = ? AND kafka_partition = ?")) {
            select.setString(1, Topics.METRICS);
            select.setInt(2, partition);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : -1;
            }
        }
    }

    public static String fingerprint(String ruleId, String instance, String metric) {
        return RuleEvaluator.fingerprint(ruleId, sample(instance, metric, 0, T0).seriesKey());
    }

    /**
     * The events published for one alert, in order, up to and including the first that {@code last} accepts. Events
     * of one alert share a key and so a partition: nothing published before the last one can be missing.
     */
    public static List<AlertEvent> alertEventsUntil(String fingerprint, Predicate<AlertEvent> last, Duration timeout) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "alerting-test-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<AlertEvent> events = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(Topics.ALERTS)) {
                partitions.add(new TopicPartition(Topics.ALERTS, info.partition()));
            }
            consumer.assign(partitions);
            // Only the last hour: older runs have filled the topic.
            Map<TopicPartition, Long> since = new HashMap<>();
            partitions.forEach(p -> since.put(p, System.currentTimeMillis() - 3_600_000));
            Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(since);
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp offset = offsets.get(partition);
                if (offset == null) {
                    consumer.seekToEnd(List.of(partition));
                } else {
                    consumer.seek(partition, offset.offset());
                }
            }
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (!fingerprint.equals(record.key())) {
                        continue;
                    }
                    AlertEvent event = EventCodec.decode(record.value(), AlertEvent.class).data();
                    events.add(event);
                    if (last.test(event)) {
                        return events;
                    }
                }
            }
        }
        throw new AssertionError("No final event for alert " + fingerprint + " within " + timeout + "; saw " + events.stream()
                .map(AlertEvent::state).toList());
    }

    public static List<AlertEvent.State> statesUntil(String fingerprint, AlertEvent.State last, int occurrence) {
        int[] seen = {0};
        return alertEventsUntil(fingerprint, event -> event.state() == last && ++seen[0] == occurrence,
                Duration.ofSeconds(60)).stream().map(AlertEvent::state).toList();
    }
}
