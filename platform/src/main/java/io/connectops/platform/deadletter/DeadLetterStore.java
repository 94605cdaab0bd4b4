package io.connectops.platform.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.connectops.platform.kafka.KafkaClientSettings;
import io.smallrye.common.annotation.Identifier;

/**
 * Reads dead-letter topics and puts records back on their topic. A consumer is made per request and assigned the
 * partitions it reads (no group, nothing committed): the API is for people looking at a handful of records.
 */
@ApplicationScoped
public class DeadLetterStore {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration READ_DEADLINE = Duration.ofSeconds(10);

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    private KafkaProducer<String, String> producer;

    /** A dead letter as read from Kafka. */
    public record Stored(String topic, int partition, long offset, Instant timestamp, String key, String value,
            Map<String, String> headers) {
    }

    /** Records held by each partition of the topic (end minus start offset). */
    public long count(String topic) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = partitionsOf(consumer, topic);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, READ_DEADLINE);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_DEADLINE);
            return partitions.stream().mapToLong(p -> end.get(p) - begin.get(p)).sum();
        }
    }

    /** Up to {@code limit} records after skipping {@code skip}, in partition then offset order. */
    public List<Stored> read(String topic, long skip, int limit) {
        List<Stored> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = partitionsOf(consumer, topic);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, READ_DEADLINE);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_DEADLINE);
            long toSkip = skip;
            for (TopicPartition partition : partitions) {
                long held = end.get(partition) - begin.get(partition);
                if (toSkip >= held) {
                    toSkip -= held;
                    continue;
                }
                long from = begin.get(partition) + toSkip;
                toSkip = 0;
                readPartition(consumer, partition, from, end.get(partition), limit - found.size(), found);
                if (found.size() >= limit) {
                    break;
                }
            }
        }
        return found;
    }

    /** The record at this offset, or null when the topic no longer holds it. */
    public Stored one(String topic, int partition, long offset) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            TopicPartition tp = new TopicPartition(topic, partition);
            if (partitionsOf(consumer, topic).stream().noneMatch(tp::equals)) {
                return null;
            }
            long begin = consumer.beginningOffsets(List.of(tp), READ_DEADLINE).get(tp);
            long end = consumer.endOffsets(List.of(tp), READ_DEADLINE).get(tp);
            if (offset < begin || offset >= end) {
                return null;
            }
            List<Stored> found = new ArrayList<>();
            readPartition(consumer, tp, offset, offset + 1, 1, found);
            return found.isEmpty() ? null : found.get(0);
        }
    }

    /** Sends the record's key and value back to {@code origin}, with its CloudEvents headers, and waits for Kafka. */
    public void putBack(Stored record, String origin) throws Exception {
        ProducerRecord<String, String> again = new ProducerRecord<>(origin, record.key(), record.value());
        record.headers().forEach((name, value) -> {
            if (name.startsWith("ce_")) {
                again.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
            }
        });
        producer().send(again).get(30, TimeUnit.SECONDS);
    }

    private void readPartition(KafkaConsumer<String, String> consumer, TopicPartition partition, long from, long end,
            int limit, List<Stored> found) {
        consumer.assign(List.of(partition));
        consumer.seek(partition, from);
        long deadline = System.nanoTime() + READ_DEADLINE.toNanos();
        long position = from;
        int taken = 0;
        while (position < end && taken < limit && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                position = record.offset() + 1;
                if (taken < limit && record.offset() < end) {
                    found.add(stored(record));
                    taken++;
                }
            }
        }
    }

    private static Stored stored(ConsumerRecord<String, String> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        return new Stored(record.topic(), record.partition(), record.offset(),
                Instant.ofEpochMilli(record.timestamp()), record.key(), record.value(), headers);
    }

    private static List<TopicPartition> partitionsOf(KafkaConsumer<String, String> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, READ_DEADLINE);
        List<TopicPartition> partitions = new ArrayList<>();
        if (infos != null) {
            for (PartitionInfo info : infos) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        partitions.sort(Comparator.comparingInt(TopicPartition::partition));
        return partitions;
    }

    private KafkaConsumer<String, String> consumer() {
        Map<String, Object> settings = KafkaClientSettings.consumer(kafkaConfig);
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        // Looking must not create a dead-letter topic that nobody has written to yet.
        settings.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return new KafkaConsumer<>(settings);
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(
                    KafkaClientSettings.reliableProducer(kafkaConfig, "dead-letter-redrive", StringSerializer.class));
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
