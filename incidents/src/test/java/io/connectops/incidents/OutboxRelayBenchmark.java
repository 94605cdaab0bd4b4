package io.connectops.incidents;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.connectops.platform.testing.RealServers;

/**
 * The outbox relay's ordering choice, measured: a backlog of events for 100 keys drained by two relays side by side,
 * once as they used to run (each takes the oldest unsent rows with SKIP LOCKED) and once as the platform's relay
 * runs now (one round at a time for the service, under a transaction-scoped advisory lock). It prints, for each,
 * events per second and the number of events a consumer saw before an earlier event of the same key; and, as the
 * peer, Kafka's own producer sending the same records with no database. Both relays send, flush and wait for the
 * acknowledgements exactly as {@code OutboxRelay} does.
 *
 * <p>Run: {@code ./mvnw -B -o -pl incidents verify -Dtest=OutboxRelayBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * (options: {@code -Dbenchmark.events=50000}).
 */
class OutboxRelayBenchmark {

    private static final int EVENTS = Integer.getInteger("benchmark.events", 50_000);
    private static final int KEYS = 100;
    private static final int BATCH = 1000;
    private static final String SCHEMA = "outbox_benchmark";

    @Test
    void printsThroughputAndOrderOfBothRelayStrategies() throws Exception {
        RealServers.ensureRunning();
        try (Connection setup = connect(); Statement statement = setup.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
            statement.execute("DROP TABLE IF EXISTS " + SCHEMA + ".outbox_event");
            statement.execute("CREATE TABLE " + SCHEMA + ".outbox_event (seq BIGSERIAL PRIMARY KEY, "
                    + "record_key VARCHAR(100) NOT NULL, payload TEXT NOT NULL, sent_at TIMESTAMPTZ)");
            statement.execute("CREATE INDEX ON " + SCHEMA + ".outbox_event (seq) WHERE sent_at IS NULL");
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(row("Kafka producer alone (peer)", producerAlone()));
        rows.add(row("two relays, SKIP LOCKED (before)", drain(false)));
        rows.add(row("two relays, one round at a time (now)", drain(true)));
        System.out.printf("%nOutbox relay, %,d events over %d keys, batches of %d, load %s%n", EVENTS, KEYS, BATCH,
                loadAverage());
        System.out.printf("%-40s %14s %22s%n", "strategy", "events/s", "out-of-order events");
        for (String[] line : rows) {
            System.out.printf("%-40s %14s %22s%n", (Object[]) line);
        }
    }

    private static String[] row(String name, long[] figures) {
        return new String[] { name, String.format(Locale.ROOT, "%,d", figures[0]),
                figures[1] < 0 ? "-" : String.valueOf(figures[1]) };
    }

    /** Events/s of the producer on its own, for the same records. */
    private long[] producerAlone() throws Exception {
        String topic = newTopic("alone");
        try (KafkaProducer<String, String> producer = producer()) {
            long started = System.nanoTime();
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = 0; i < EVENTS; i++) {
                acks.add(producer.send(new ProducerRecord<>(topic, "key-" + (i % KEYS), payload(i))));
                if (acks.size() == BATCH) {
                    producer.flush();
                    for (Future<RecordMetadata> ack : acks) {
                        ack.get();
                    }
                    acks.clear();
                }
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
            return new long[] { perSecond(EVENTS, started), -1 };
        }
    }

    private long[] drain(boolean oneRoundAtATime) throws Exception {
        String topic = newTopic(oneRoundAtATime ? "turn" : "skip");
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE " + SCHEMA + ".outbox_event");
            statement.execute("INSERT INTO " + SCHEMA + ".outbox_event (record_key, payload) "
                    + "SELECT 'key-' || (i % " + KEYS + "), '{\"n\":' || i || '}' FROM generate_series(0, "
                    + (EVENTS - 1) + ") i");
        }
        AtomicLong relayed = new AtomicLong();
        long started = System.nanoTime();
        List<Thread> relays = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (int r = 0; r < 2; r++) {
            Thread relay = new Thread(() -> {
                try (Connection connection = connect(); KafkaProducer<String, String> producer = producer()) {
                    connection.setAutoCommit(false);
                    while (relayed.get() < EVENTS) {
                        int sent = relayOneBatch(connection, producer, topic, oneRoundAtATime);
                        relayed.addAndGet(Math.max(0, sent));
                        if (sent <= 0) {
                            Thread.sleep(sent < 0 ? 5 : 20);
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "bench-relay-" + r);
            relay.start();
            relays.add(relay);
        }
        for (Thread relay : relays) {
            relay.join(TimeUnit.MINUTES.toMillis(10));
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a relay failed", failures.get(0));
        }
        long rate = perSecond(EVENTS, started);
        return new long[] { rate, outOfOrder(topic) };
    }

    /** One round, as OutboxRelay does it; -1 when another relay holds the turn. */
    private static int relayOneBatch(Connection connection, KafkaProducer<String, String> producer, String topic,
            boolean oneRoundAtATime) throws Exception {
        try {
            if (oneRoundAtATime) {
                try (Statement turn = connection.createStatement();
                        ResultSet result = turn.executeQuery("SELECT pg_try_advisory_xact_lock(hashtextextended("
                                + "'outbox-relay/" + SCHEMA + "', 0))")) {
                    result.next();
                    if (!result.getBoolean(1)) {
                        connection.rollback();
                        return -1;
                    }
                }
            }
            List<Long> sequences = new ArrayList<>();
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT seq, record_key, payload FROM "
                    + SCHEMA + ".outbox_event WHERE sent_at IS NULL ORDER BY seq LIMIT " + BATCH + " FOR UPDATE"
                    + (oneRoundAtATime ? "" : " SKIP LOCKED")); ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    sequences.add(rows.getLong(1));
                    acks.add(producer.send(new ProducerRecord<>(topic, rows.getString(2), rows.getString(3))));
                }
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
            if (!sequences.isEmpty()) {
                try (PreparedStatement update = connection.prepareStatement("UPDATE " + SCHEMA
                        + ".outbox_event SET sent_at = now() WHERE seq = ANY (?)")) {
                    update.setArray(1, connection.createArrayOf("bigint", sequences.toArray()));
                    update.executeUpdate();
                }
            }
            connection.commit();
            return sequences.size();
        } catch (Exception e) {
            connection.rollback();
            throw e;
        }
    }

    /** Events that arrived after a later event of their key. */
    private static long outOfOrder(String topic) {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", RealServers.kafkaBootstrapServers());
        properties.put("group.id", "outbox-benchmark-" + UUID.randomUUID());
        properties.put("auto.offset.reset", "earliest");
        properties.put("key.deserializer", StringDeserializer.class.getName());
        properties.put("value.deserializer", StringDeserializer.class.getName());
        Map<String, Long> last = new HashMap<>();
        long seen = 0;
        long late = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (seen < EVENTS && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    seen++;
                    long n = Long.parseLong(record.value().replaceAll("\\D", ""));
                    Long previous = last.get(record.key());
                    if (previous != null && n < previous) {
                        late++;
                    } else {
                        last.put(record.key(), n);
                    }
                }
            }
        }
        if (seen < EVENTS) {
            throw new IllegalStateException("only " + seen + " of " + EVENTS + " events arrived on " + topic);
        }
        return late;
    }

    private static String newTopic(String name) throws Exception {
        String topic = "benchmark.outbox." + name + "." + UUID.randomUUID();
        Properties properties = new Properties();
        properties.put("bootstrap.servers", RealServers.kafkaBootstrapServers());
        try (Admin admin = Admin.create(properties)) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        return topic;
    }

    private static KafkaProducer<String, String> producer() {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", RealServers.kafkaBootstrapServers());
        properties.put("acks", "all");
        properties.put("enable.idempotence", "true");
        properties.put("linger.ms", "5");
        properties.put("key.serializer", StringSerializer.class.getName());
        properties.put("value.serializer", StringSerializer.class.getName());
        return new KafkaProducer<>(properties);
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(RealServers.databaseUrl(), RealServers.DB_USER, RealServers.DB_PASSWORD);
    }

    private static String payload(int i) {
        return "{\"n\":" + i + "}";
    }

    private static long perSecond(long events, long startedNanos) {
        return Math.round(events / ((System.nanoTime() - startedNanos) / 1e9));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }
}
