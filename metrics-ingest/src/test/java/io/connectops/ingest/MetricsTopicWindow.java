package io.connectops.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.connectops.contracts.Topics;
import io.connectops.platform.testing.RealServers;

/**
 * The records written to {@code ops.metrics.v1} between the window's opening and now: every record, so that a test
 * can say a request put a record there exactly once, or nothing at all. A push is answered only after Kafka
 * acknowledged its records, so they are inside a window read after the response.
 */
public final class MetricsTopicWindow implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<TopicPartition> partitions;
    private final Map<TopicPartition, Long> start;

    private MetricsTopicWindow() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-window-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(config);
        partitions = consumer.partitionsFor(Topics.METRICS).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        start = consumer.endOffsets(partitions);
    }

    /** How many partitions the topic has. */
    public int partitionCount() {
        return partitions.size();
    }

    /** Opens a window at the topic's current end. */
    public static MetricsTopicWindow openAtEnd() {
        return new MetricsTopicWindow();
    }

    /** The records of the window up to the topic's current end that match {@code matching}, in partition order. */
    public List<ConsumerRecord<String, String>> recordsUntilNow(Predicate<ConsumerRecord<String, String>> matching) {
        return recordsUntilNow(matching, Duration.ofSeconds(30));
    }

    /** As {@link #recordsUntilNow(Predicate)}, read within {@code timeout} (a benchmark's million records). */
    public List<ConsumerRecord<String, String>> recordsUntilNow(Predicate<ConsumerRecord<String, String>> matching,
            Duration timeout) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        partitions.forEach(partition -> consumer.seek(partition, start.get(partition)));
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!reached(end)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Could not read " + Topics.METRICS + " up to " + end + " within " + timeout);
            }
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))
                        && matching.test(record)) {
                    found.add(record);
                }
            }
        }
        return found;
    }

    /**
     * Waits until {@code count} records of the window match {@code matching} (records written after the window
     * opened, as they arrive) and returns them. Unlike reading the topic from its beginning, the wait does not grow
     * with what earlier runs (a benchmark's million samples) left on the shared broker.
     */
    public List<ConsumerRecord<String, String>> await(Predicate<ConsumerRecord<String, String>> matching, int count,
            Duration timeout) {
        partitions.forEach(partition -> consumer.seek(partition, start.get(partition)));
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (found.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Expected " + count + " matching records on " + Topics.METRICS + " within "
                        + timeout + ", found " + found.size());
            }
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                if (matching.test(record)) {
                    found.add(record);
                }
            }
        }
        return found;
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (TopicPartition partition : partitions) {
            if (consumer.position(partition) < end.get(partition)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
