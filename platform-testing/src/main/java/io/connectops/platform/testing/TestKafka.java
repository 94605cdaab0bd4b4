package io.connectops.platform.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;

/** Reads and writes the test broker's topics directly, as another service would. */
public final class TestKafka {

    private TestKafka() {
    }

    /** Sends a raw record and waits for the broker's acknowledgement. */
    public static void send(String topic, String key, String value) {
        sendTo(RealServers.kafkaBootstrapServers(), topic, key, value);
    }

    /**
     * As {@link #send(String, String, String)}, to the given partition: records of different keys that a test needs
     * read in the order it sent them.
     */
    public static void sendToPartition(String topic, int partition, String key, String value) {
        send(RealServers.kafkaBootstrapServers(), new ProducerRecord<>(topic, partition, key, value));
    }

    /** As {@link #send(String, String, String)}, to another broker (the end-to-end suite runs its own). */
    public static void sendTo(String bootstrapServers, String topic, String key, String value) {
        send(bootstrapServers, new ProducerRecord<>(topic, key, value));
    }

    private static void send(String bootstrapServers, ProducerRecord<String, String> record) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot send to " + record.topic(), e);
        }
    }

    public static void send(String topic, String key, CloudEvent<?> event) {
        send(topic, key, EventCodec.encode(event));
    }

    /**
     * Reads the topic from the beginning until {@code count} records match, or fails after {@code timeout}.
     */
    public static List<ConsumerRecord<String, String>> awaitRecords(String topic,
            Predicate<ConsumerRecord<String, String>> matching, int count, Duration timeout) {
        return awaitRecordsOn(RealServers.kafkaBootstrapServers(), topic, matching, count, timeout);
    }

    /** As {@link #awaitRecords}, on another broker (the end-to-end suite runs its own). */
    public static List<ConsumerRecord<String, String>> awaitRecordsOn(String bootstrapServers, String topic,
            Predicate<ConsumerRecord<String, String>> matching, int count, Duration timeout) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            while (found.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (matching.test(record)) {
                        found.add(record);
                    }
                }
            }
        }
        if (found.size() < count) {
            throw new AssertionError("Expected " + count + " matching records on " + topic + " within " + timeout
                    + ", found " + found.size());
        }
        return found;
    }

    /** A header's value as text, or null. */
    public static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
