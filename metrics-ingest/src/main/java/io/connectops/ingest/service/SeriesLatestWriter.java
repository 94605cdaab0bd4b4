package io.connectops.ingest.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
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

import io.connectops.contracts.MetricSample;
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
        Map<String, MetricSample> sorted = new TreeMap<>(pending);
        try {
            QuarkusTransaction.requiringNew().run(() -> entityManager.unwrap(Session.class)
                    .doWork(connection -> upsert(connection, sorted)));
        } catch (RuntimeException e) {
            // Kept for the next round: newer samples pushed meanwhile win the merge.
            LOG.warnf("Could not write the latest values of %d series, retrying: %s", sorted.size(), e.getMessage());
            writeBehind(sorted.keySet().toArray(new String[0]), List.copyOf(sorted.values()));
        }
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
        for (Map.Entry<String, MetricSample> row : newest.entrySet()) {
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
            times[i] = sample.timestamp().toString();
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
