package io.connectops.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.connectops.contracts.Topics;
import io.connectops.platform.testing.RealServers;

/**
 * What the services committed to their outboxes and what the broker holds, from one moment of a run on: every
 * event committed since then is on its topic, one key's events in the order they were committed (re-sent copies
 * after a crash are allowed; an event begun after another was committed must not overtake it), and no
 * dead-letter topic has grown.
 */
final class EventLedger {

    /** The schemas whose outbox_event tables feed the topics (platform's outbox, one per service). */
    private static final List<String> SCHEMAS = List.of("ingest", "alerting", "incidents", "scheduling",
            "notifications");

    private final Map<String, Long> outboxSeqAtStart;
    private final Map<TopicPartition, Long> offsetsAtStart;

    private EventLedger(Map<String, Long> outboxSeqAtStart, Map<TopicPartition, Long> offsetsAtStart) {
        this.outboxSeqAtStart = outboxSeqAtStart;
        this.offsetsAtStart = offsetsAtStart;
    }

    /** Notes where every outbox and every topic (dead-letter topics included) stand now. */
    static EventLedger start() {
        Map<String, Long> seqs = new HashMap<>();
        try (Connection connection = database()) {
            for (String schema : SCHEMAS) {
                try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT coalesce(max(seq), 0) FROM " + schema + ".outbox_event");
                        ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    seqs.put(schema, rows.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new EventLedger(seqs, endOffsets());
    }

    /**
     * Waits until every event committed since {@link #start()} has been relayed, then reads each topic from the
     * noted offsets and checks, key by key, that the events arrived in commit order and none is missing.
     *
     * @return how many committed events were checked, per topic
     */
    Map<String, Integer> assertEveryKeyInCommitOrder() {
        Map<String, Map<String, List<String>>> committed = new HashMap<>();
        Map<String, Timestamp[]> startedAndSent = new HashMap<>();
        await("every committed event relayed").atMost(Duration.ofSeconds(60)).until(() -> unsent() == 0);
        try (Connection connection = database()) {
            for (String schema : SCHEMAS) {
                try (PreparedStatement statement = connection.prepareStatement("SELECT seq, event_id, topic, "
                        + "record_key, created_at, sent_at FROM " + schema + ".outbox_event WHERE seq > ? "
                        + "AND record_key IS NOT NULL ORDER BY seq")) {
                    statement.setLong(1, outboxSeqAtStart.get(schema));
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            committed.computeIfAbsent(rows.getString(3), topic -> new HashMap<>())
                                    .computeIfAbsent(rows.getString(4), key -> new ArrayList<>())
                                    .add(rows.getString(2));
                            startedAndSent.put(rows.getString(2),
                                    new Timestamp[] { rows.getTimestamp(5), rows.getTimestamp(6) });
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Integer> checked = new LinkedHashMap<>();
        Map<TopicPartition, Long> ends = endOffsets();
        for (Map.Entry<String, Map<String, List<String>>> topic : committed.entrySet()) {
            Map<String, List<String>> arrived = firstArrivals(topic.getKey(), ends, startedAndSent.keySet());
            int events = 0;
            for (Map.Entry<String, List<String>> key : topic.getValue().entrySet()) {
                List<String> order = arrived.getOrDefault(key.getKey(), List.of());
                assertThat(order).as("events of key %s on %s", key.getKey(), topic.getKey())
                        .containsExactlyInAnyOrderElementsOf(key.getValue());
                assertNoneOvertookAnEarlierCommit(topic.getKey(), key.getKey(), key.getValue(), order,
                        startedAndSent);
                events += key.getValue().size();
            }
            checked.put(topic.getKey(), events);
        }
        return checked;
    }

    /**
     * Outbox sequence numbers are taken at insert, not at commit: two transactions of one key on two replicas may
     * commit in either order, and either is a commit order. An event must arrive after another only when its
     * transaction began after the other was committed, which the relay's sent_at proves (it sends committed rows).
     */
    private static void assertNoneOvertookAnEarlierCommit(String topic, String key, List<String> bySeq,
            List<String> arrived, Map<String, Timestamp[]> startedAndSent) {
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < arrived.size(); i++) {
            position.put(arrived.get(i), i);
        }
        for (int i = 0; i < bySeq.size(); i++) {
            Timestamp earlierSent = startedAndSent.get(bySeq.get(i))[1];
            for (int j = i + 1; j < bySeq.size(); j++) {
                Timestamp laterStarted = startedAndSent.get(bySeq.get(j))[0];
                if (laterStarted.after(earlierSent)) {
                    assertThat(position.get(bySeq.get(j))).as("on %s, key %s: %s (begun after %s was sent) "
                            + "arrived before it", topic, key, bySeq.get(j), bySeq.get(i))
                            .isGreaterThan(position.get(bySeq.get(i)));
                }
            }
        }
    }

    /** The dead-letter topics that received a record since {@link #start()}, with how many. */
    Map<String, Long> deadLettersSinceStart() {
        Map<String, Long> grown = new LinkedHashMap<>();
        endOffsets().forEach((partition, end) -> {
            long before = offsetsAtStart.getOrDefault(partition, 0L);
            if (partition.topic().endsWith(Topics.DLQ_SUFFIX) && end > before) {
                grown.merge(partition.topic(), end - before, Long::sum);
            }
        });
        return grown;
    }

    private long unsent() throws SQLException {
        long unsent = 0;
        try (Connection connection = database()) {
            for (String schema : SCHEMAS) {
                try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT count(*) FROM " + schema + ".outbox_event WHERE seq > ? AND sent_at IS NULL")) {
                    statement.setLong(1, outboxSeqAtStart.get(schema));
                    try (ResultSet rows = statement.executeQuery()) {
                        rows.next();
                        unsent += rows.getLong(1);
                    }
                }
            }
        }
        return unsent;
    }

    /**
     * The events of {@code topic} between the start and {@code ends}, per key, each at its first arrival: a relay
     * killed between Kafka's acknowledgement and marking its rows sent sends them again, which consumers drop by
     * event id. Events committed before the start are left out.
     */
    private Map<String, List<String>> firstArrivals(String topic, Map<TopicPartition, Long> ends,
            Set<String> committedSinceStart) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Platform.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-ledger-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Map<String, List<String>> arrived = new HashMap<>();
        Set<String> seen = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = ends.keySet().stream().filter(p -> p.topic().equals(topic)).toList();
            consumer.assign(partitions);
            partitions.forEach(p -> consumer.seek(p, offsetsAtStart.getOrDefault(p, 0L)));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                assertThat(System.nanoTime()).as("%s read to its end within 60 s", topic).isLessThan(deadline);
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    Header id = record.headers().lastHeader("ce_id");
                    String eventId = id == null ? null : new String(id.value(), StandardCharsets.UTF_8);
                    if (eventId != null && committedSinceStart.contains(eventId) && seen.add(eventId)) {
                        arrived.computeIfAbsent(record.key(), key -> new ArrayList<>()).add(eventId);
                    }
                }
            }
        }
        return arrived;
    }

    private static Map<TopicPartition, Long> endOffsets() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                Platform.kafkaBootstrapServers()))) {
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values().forEach(topic ->
                    topic.partitions().forEach(p -> latest.put(new TopicPartition(topic.name(), p.partition()),
                            OffsetSpec.latest())));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS)
                    .forEach((partition, info) -> ends.put(partition, info.offset()));
            return ends;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot read the topics' offsets", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Connection database() throws SQLException {
        return DriverManager.getConnection(RealServers.databaseUrl(ServiceProcess.DATABASE), RealServers.DB_USER,
                RealServers.DB_PASSWORD);
    }
}
