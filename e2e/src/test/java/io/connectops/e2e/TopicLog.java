package io.connectops.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.MetricSample;
import io.connectops.contracts.Topics;

/**
 * What reached ops.alerts.v1 and ops.metrics.v1 of one broker since it started, read by a thread of its own from
 * every partition, for tests that wait on the alerts a rule announced and measure when each sample arrived.
 */
final class TopicLog implements AutoCloseable {

    /** A metric sample and the time its record was written to the topic (the producer's timestamp, wall clock). */
    record Sample(String instanceId, String metric, double value, Instant timestamp, Instant published) {
    }

    /**
     * An event of ops.alerts.v1; {@code announcement}: FIRING (not a repeat), or RESOLVED of an alert that had fired
     * (a pending alert that cleared is published RESOLVED too, with its own reason).
     */
    private record Announced(String ruleId, String fingerprint, AlertEvent.State state, String reason,
            boolean announcement) {
    }

    /** The reason alerting gives a pending alert that cleared before it fired. */
    static final String CLEARED_WHILE_PENDING = "cleared before firing";

    private final KafkaConsumer<String, String> consumer;
    private final Thread reader;
    private final List<Announced> alerts = new CopyOnWriteArrayList<>();
    private final Map<String, List<Sample>> samples = new ConcurrentHashMap<>();
    private final Map<Instant, Instant> pushes = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    private TopicLog(String bootstrapServers) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(config);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.ALERTS, Topics.METRICS)) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        reader = new Thread(this::read, "topic-log");
        reader.setDaemon(true);
    }

    /** Reads both topics from their beginning until closed; the services must have created them. */
    static TopicLog start(String bootstrapServers) {
        TopicLog log = new TopicLog(bootstrapServers);
        log.reader.start();
        return log;
    }

    private void read() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (Topics.ALERTS.equals(record.topic())) {
                        AlertEvent alert = EventCodec.decode(record.value(), AlertEvent.class).data();
                        boolean announcement = switch (alert.state()) {
                            case FIRING -> alert.announcement() != AlertEvent.Announcement.REPEAT;
                            case RESOLVED -> !CLEARED_WHILE_PENDING.equals(alert.reason());
                            case PENDING -> false;
                        };
                        alerts.add(new Announced(alert.ruleId(), alert.fingerprint(), alert.state(), alert.reason(),
                                announcement));
                    } else {
                        MetricSample sample = EventCodec.decode(record.value(), MetricSample.class).data();
                        if (sample.value() != null) {
                            samples.computeIfAbsent(sample.metric(), m -> new CopyOnWriteArrayList<>())
                                    .add(new Sample(sample.instanceId(), sample.metric(), sample.value(),
                                            sample.timestamp(), Instant.ofEpochMilli(record.timestamp())));
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // Closing.
        } finally {
            consumer.close();
        }
    }

    /**
     * The states a rule's alerts were announced in, in topic order: FIRING (first announcement or a change of its
     * group, never a repeat) and RESOLVED; PENDING is not an announcement.
     */
    List<String> announced(String ruleId) {
        return alerts.stream().filter(a -> a.announcement() && ruleId.equals(a.ruleId()))
                .map(a -> a.state().name()).toList();
    }

    /** The reasons of the announcements of {@link #announced}, in the same order. */
    List<String> reasons(String ruleId) {
        return alerts.stream().filter(a -> a.announcement() && ruleId.equals(a.ruleId())).map(Announced::reason)
                .toList();
    }

    /** The alerts (fingerprints) of a rule that reached the topic, in any state. */
    List<String> fingerprints(String ruleId) {
        return alerts.stream().filter(a -> ruleId.equals(a.ruleId())).map(Announced::fingerprint)
                .distinct().toList();
    }

    List<Sample> samples(String metric) {
        return List.copyOf(samples.getOrDefault(metric, List.of()));
    }

    /** Remembers when the client pushed the samples stamped {@code timestamp}. */
    void pushedAt(Instant timestamp, Instant pushedAt) {
        pushes.putIfAbsent(timestamp, pushedAt);
    }

    Instant pushedAt(Instant timestamp) {
        return pushes.get(timestamp);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
