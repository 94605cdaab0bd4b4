package io.connectops.ingest.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.connectops.contracts.MetricSample;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Keeps {@code series_latest}, the newest sample of every series, with one statement per write whatever the number
 * of samples (arrays unnested server-side), rows in key order so that concurrent writers lock them in the same order.
 *
 * <p>Polled samples are written in the transaction that publishes them. Pushed samples, the high-volume path, are
 * written behind: merged in memory (newest per series wins) and flushed every second, so that a push request
 * writes only its outbox rows. {@code series_latest} is a view of what was published, not its record (that is the
 * topic): a crash loses at most the last second of that view, never a sample.
 */
@ApplicationScoped
public class SeriesLatestWriter {

    private static final Logger LOG = Logger.getLogger(SeriesLatestWriter.class);
    /** Series whose latest value PostgreSQL refused and that were dropped rather than retried. */
    public static final String SERIES_DROPPED = "ingest.series.latest.dropped";

    private static final String UPSERT = "INSERT INTO series_latest (series_key, source, instance_id, queue_id, "
            + "channel, agent_id, metric, value, unit, sample_time, updated_at) "
            + "SELECT k, s, i, q, c, a, m, v, u, t::timestamptz, now() FROM unnest(?::varchar[], ?::varchar[], "
            + "?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::float8[], ?::varchar[], "
            + "?::text[]) AS x(k, s, i, q, c, a, m, v, u, t) "
            + "ON CONFLICT (series_key) DO UPDATE SET source = EXCLUDED.source, value = EXCLUDED.value, "
            + "unit = EXCLUDED.unit, sample_time = EXCLUDED.sample_time, updated_at = now() "
            + "WHERE series_latest.sample_time <= EXCLUDED.sample_time";

    @Inject
    EntityManager entityManager;

    @Inject
    MeterRegistry registry;

    @Inject
    AgroalDataSource dataSource;

    private volatile Map<String, MetricSample> behind = new ConcurrentHashMap<>();
    /** Pushes merge under the read lock, side by side; the flush swaps the map under the write lock. */
    private final ReadWriteLock swap = new ReentrantReadWriteLock();

    /** Writes the newest sample of each series of {@code samples} now, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void write(Collection<MetricSample> samples) {
        Map<String, MetricSample> newest = new TreeMap<>();
        for (MetricSample sample : samples) {
            newest.merge(sample.seriesKey(), sample, SeriesLatestWriter::newer);
        }
        entityManager.unwrap(Session.class).doWork(connection -> upsert(connection, newest));
    }

    /** Remembers {@code samples} (already committed; {@code keys[i]} is the series of sample i) for the next flush. */
    public void writeBehind(String[] keys, List<MetricSample> samples) {
        swap.readLock().lock();
        try {
            Map<String, MetricSample> pending = behind;
            for (int i = 0; i < keys.length; i++) {
                pending.merge(keys[i], samples.get(i), SeriesLatestWriter::newer);
            }
        } finally {
            swap.readLock().unlock();
        }
    }

    @Scheduled(every = "${connectops.ingest.series-flush}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void flush() {
        if (behind.isEmpty()) {
            return;
        }
        Map<String, MetricSample> pending;
        swap.writeLock().lock();
        try {
            pending = behind;
            behind = new ConcurrentHashMap<>();
        } finally {
            swap.writeLock().unlock();
        }
        writeIsolatingBadRows(new ArrayList<>(new TreeMap<>(pending).entrySet()));
    }

    /**
     * Writes {@code rows} (in key order) in one statement. When PostgreSQL refuses the data itself (a value too long
     * for its column, a NUL, a constraint), the same rows would fail again on every retry, so the batch is halved
     * until the rows it refuses are alone; those are dropped and counted, the rest is written. Any other failure
     * (connection lost, pool exhausted, deadlock) keeps every row not yet written for the next round.
     */
    private void writeIsolatingBadRows(List<Map.Entry<String, MetricSample>> rows) {
        Deque<List<Map.Entry<String, MetricSample>>> todo = new ArrayDeque<>();
        todo.push(rows);
        while (!todo.isEmpty()) {
            List<Map.Entry<String, MetricSample>> chunk = todo.pop();
            try {
                // Straight on the datasource, not through Hibernate, which would log each refused attempt.
                QuarkusTransaction.requiringNew().run(() -> {
                    try (Connection connection = dataSource.getConnection()) {
                        upsert(connection, chunk);
                    } catch (SQLException e) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                });
            } catch (RuntimeException e) {
                if (!refusesTheData(e)) {
                    List<Map.Entry<String, MetricSample>> kept = new ArrayList<>(chunk);
                    todo.forEach(kept::addAll);
                    // Kept for the next round: newer samples pushed meanwhile win the merge.
                    LOG.warnf("Could not write the latest values of %d series, retrying: %s", kept.size(),
                            e.getMessage());
                    writeBehind(kept.stream().map(Map.Entry::getKey).toArray(String[]::new),
                            kept.stream().map(Map.Entry::getValue).toList());
                    return;
                }
                if (chunk.size() == 1) {
                    dropped(chunk.get(0).getKey(), e);
                } else {
                    int half = chunk.size() / 2;
                    todo.push(chunk.subList(half, chunk.size()));
                    todo.push(chunk.subList(0, half));
                }
            }
        }
    }

    private void dropped(String key, RuntimeException e) {
        Counter.builder(SERIES_DROPPED).description("Latest values series_latest refused (bad data), not retried")
                .register(registry).increment();
        // The key may be the bad part (too long, control characters): logged shortened and escaped.
        LOG.errorf("Dropped the latest value of series %s: PostgreSQL refuses it (%s)", printable(key),
                sqlStateOf(e));
    }

    /**
     * Whether PostgreSQL refused the data rather than failed: SQLSTATE class 22 (data exception: too long, NUL,
     * out of range) or 23 (integrity constraint).
     */
    static boolean refusesTheData(Throwable failure) {
        String state = sqlStateOf(failure);
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    private static String sqlStateOf(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }

    static String printable(String key) {
        String shown = key.length() > 120 ? key.substring(0, 120) + "…(" + key.length() + " characters)" : key;
        StringBuilder out = new StringBuilder(shown.length());
        for (char c : shown.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** On shutdown, while the datasource is still open. */
    void flushOnShutdown(@Observes ShutdownEvent shutdown) {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.debugf("Latest values not written at shutdown: %s", e.getMessage());
        }
    }

    private static MetricSample newer(MetricSample a, MetricSample b) {
        return b.timestamp().isBefore(a.timestamp()) ? a : b;
    }

    private static void upsert(Connection connection, Map<String, MetricSample> newest) throws SQLException {
        upsert(connection, List.copyOf(newest.entrySet()));
    }

    private static void upsert(Connection connection, List<Map.Entry<String, MetricSample>> newest)
            throws SQLException {
        if (newest.isEmpty()) {
            return;
        }
        int n = newest.size();
        String[] keys = new String[n];
        String[] sources = new String[n];
        String[] instances = new String[n];
        String[] queues = new String[n];
        String[] channels = new String[n];
        String[] agents = new String[n];
        String[] metrics = new String[n];
        Double[] values = new Double[n];
        String[] units = new String[n];
        String[] times = new String[n];
        int i = 0;
        // Pushed series mostly report the same period: each distinct time is formatted once, not once per series.
        Instant lastTime = null;
        String lastText = null;
        for (Map.Entry<String, MetricSample> row : newest) {
            MetricSample sample = row.getValue();
            keys[i] = row.getKey();
            sources[i] = sample.source();
            instances[i] = sample.instanceId();
            queues[i] = sample.queueId();
            channels[i] = sample.channel();
            agents[i] = sample.agentId();
            metrics[i] = sample.metric();
            values[i] = sample.value();
            units[i] = sample.unit();
            if (!sample.timestamp().equals(lastTime)) {
                lastTime = sample.timestamp();
                lastText = lastTime.toString();
            }
            times[i] = lastText;
            i++;
        }
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            List<Object[]> columns = new ArrayList<>(List.of(keys, sources, instances, queues, channels, agents, metrics));
            int p = 1;
            for (Object[] column : columns) {
                upsert.setArray(p++, connection.createArrayOf("varchar", column));
            }
            upsert.setArray(p++, connection.createArrayOf("float8", values));
            upsert.setArray(p++, connection.createArrayOf("varchar", units));
            upsert.setArray(p, connection.createArrayOf("text", times));
            upsert.executeUpdate();
        }
    }
}
