package io.connectops.platform.outbox;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.connectops.platform.kafka.KafkaClientSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Sends outbox rows to Kafka in commit order and stamps them sent once Kafka has acknowledged them. A crash
 * between the acknowledgement and the stamp sends the rows again on restart: consumers deduplicate on the event
 * id, so the worst case is a redelivery, never a loss.
 * <p>
 * Every replica of a service runs a relay, but one round at a time relays for the whole service: a round holds a
 * transaction-scoped advisory lock named after the service's schema, takes the oldest unsent rows, and commits only
 * once Kafka has acknowledged all of them. Two relays taking batches side by side (as SKIP LOCKED once let them)
 * could publish one key's later event before its earlier one after a backlog; with the lock, the next round, on
 * whichever replica, starts where the last one ended. A replica that dies mid-round releases the lock with its
 * connection, so another takes over at its next round.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final String TAKE_TURN = "SELECT pg_try_advisory_xact_lock(hashtextextended('outbox-relay/' "
            + "|| current_schema(), 0))";
    private static final String SELECT_UNSENT = "SELECT seq, event_id, topic, record_key, event_type, payload "
            + "FROM outbox_event WHERE sent_at IS NULL ORDER BY seq LIMIT ? FOR UPDATE";
    /** How soon a relay looks again when another replica's round holds the turn. */
    private static final long TURN_RETRY_MILLIS = 50;
    private static final String MARK_SENT = "UPDATE outbox_event SET sent_at = now() WHERE seq = ANY (?)";
    private static final String COUNT_UNSENT = "SELECT count(*) FROM outbox_event WHERE sent_at IS NULL";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    OutboxConfig config;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    MeterRegistry registry;

    private final Semaphore wakeUps = new Semaphore(0);
    private final AtomicLong pending = new AtomicLong();
    private volatile boolean running;
    private volatile String lastError;
    private Thread worker;
    private KafkaProducer<String, String> producer;
    private Counter published;
    private Counter failures;

    void start(@Observes @Priority(100) StartupEvent startup) {
        published = registry.counter("connectops.outbox.published");
        failures = registry.counter("connectops.outbox.failures");
        Gauge.builder("connectops.outbox.pending", pending, AtomicLong::get).register(registry);
        if (!config.relayEnabled()) {
            LOG.info("Outbox relay disabled on this instance");
            return;
        }
        producer = new KafkaProducer<>(
                KafkaClientSettings.reliableProducer(kafkaConfig, "outbox-relay", StringSerializer.class));
        running = true;
        worker = new Thread(this::relayUntilStopped, "outbox-relay");
        worker.setDaemon(true);
        worker.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        wakeUps.release();
        if (worker != null) {
            try {
                worker.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Called after a transaction that wrote to the outbox commits, so that events leave at once. */
    void wakeUp() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    /** Events written but not yet acknowledged by Kafka, as of the last relay round. */
    public long pending() {
        return pending.get();
    }

    /** The last relay failure, or null when the last round succeeded. */
    public String lastError() {
        return lastError;
    }

    private void relayUntilStopped() {
        Duration backoff = Duration.ZERO;
        while (running) {
            try {
                int sent = relayOneBatch();
                backoff = Duration.ZERO;
                lastError = null;
                if (sent == ANOTHER_REPLICAS_TURN) {
                    wakeUps.tryAcquire(TURN_RETRY_MILLIS, TimeUnit.MILLISECONDS);
                } else if (sent < config.batchSize()) {
                    refreshPending();
                    wakeUps.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                failures.increment();
                lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
                backoff = backoff.isZero() ? Duration.ofMillis(200) : min(backoff.multipliedBy(2), Duration.ofSeconds(10));
                LOG.warnf("Outbox relay round failed, retrying in %d ms: %s", backoff.toMillis(), lastError);
                try {
                    wakeUps.tryAcquire(backoff.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static final int ANOTHER_REPLICAS_TURN = -1;

    /** Relays the oldest unsent rows; {@link #ANOTHER_REPLICAS_TURN} when another replica's round is running. */
    private int relayOneBatch() {
        int timeoutSeconds = (int) config.sendTimeout().toSeconds() + 10;
        return QuarkusTransaction.requiringNew().timeout(timeoutSeconds).call(() -> {
            try (Connection connection = dataSource.getConnection()) {
                if (!takeTurn(connection)) {
                    return ANOTHER_REPLICAS_TURN;
                }
                List<Long> sequences = new ArrayList<>();
                List<Future<RecordMetadata>> acknowledgements = new ArrayList<>();
                try (PreparedStatement select = connection.prepareStatement(SELECT_UNSENT)) {
                    select.setInt(1, config.batchSize());
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            sequences.add(rows.getLong("seq"));
                            acknowledgements.add(producer.send(recordOf(rows)));
                        }
                    }
                }
                if (sequences.isEmpty()) {
                    return 0;
                }
                producer.flush();
                long deadline = System.nanoTime() + config.sendTimeout().toNanos();
                for (Future<RecordMetadata> acknowledgement : acknowledgements) {
                    acknowledgement.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
                markSent(connection, sequences);
                published.increment(sequences.size());
                return sequences.size();
            }
        });
    }

    private static boolean takeTurn(Connection connection) throws SQLException {
        try (PreparedStatement turn = connection.prepareStatement(TAKE_TURN); ResultSet result = turn.executeQuery()) {
            return result.next() && result.getBoolean(1);
        }
    }

    private static ProducerRecord<String, String> recordOf(ResultSet row) throws SQLException {
        ProducerRecord<String, String> record = new ProducerRecord<>(row.getString("topic"), row.getString("record_key"),
                row.getString("payload"));
        // CloudEvents attributes as headers too, so tools can route and filter without parsing the payload.
        record.headers().add(new RecordHeader("ce_id", row.getString("event_id").getBytes(StandardCharsets.UTF_8)));
        record.headers().add(new RecordHeader("ce_type", row.getString("event_type").getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    private static void markSent(Connection connection, List<Long> sequences) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(MARK_SENT)) {
            Array array = connection.createArrayOf("bigint", sequences.toArray());
            update.setArray(1, array);
            update.executeUpdate();
        }
    }

    private void refreshPending() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement count = connection.prepareStatement(COUNT_UNSENT);
                ResultSet result = count.executeQuery()) {
            result.next();
            pending.set(result.getLong(1));
        } catch (SQLException e) {
            LOG.debugf("Cannot count pending outbox events: %s", e.getMessage());
        }
    }
}
