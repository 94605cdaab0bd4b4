package io.connectops.ingest.service;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import io.connectops.contracts.AgentStateChanged;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.MetricSample;
import io.connectops.contracts.Topics;
import io.connectops.contracts.metrics.MetricOrigin;
import io.connectops.platform.outbox.Outbox;

/**
 * Publishes normalised samples on {@link Topics#METRICS} and agent changes on {@link Topics#AGENT_EVENTS} through
 * the outbox, and keeps the latest value of every series for {@code GET /api/v1/series}, in the caller's
 * transaction.
 */
@ApplicationScoped
public class MetricPublisher {

    public static final String EVENT_SOURCE = "/connectops/metrics-ingest";

    private static final String UPSERT_LATEST = "INSERT INTO series_latest (series_key, source, instance_id, queue_id, "
            + "channel, agent_id, metric, value, unit, sample_time, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now()) "
            + "ON CONFLICT (series_key) DO UPDATE SET source = EXCLUDED.source, value = EXCLUDED.value, "
            + "unit = EXCLUDED.unit, sample_time = EXCLUDED.sample_time, updated_at = now() "
            + "WHERE series_latest.sample_time <= EXCLUDED.sample_time";

    @Inject
    Outbox outbox;

    @Inject
    EntityManager entityManager;

    @Inject
    IngestMeters meters;

    /** How the CloudEvent id of a sample is chosen. */
    public enum Ids {
        /**
         * Derived from series and event time: a snapshot or interval read twice (two instances, a retry after a
         * crash) carries the same id, so consumers apply it once.
         */
        PER_SERIES_AND_TIME,
        /** Random: a pushed correction for the same series and time is a new event. */
        RANDOM
    }

    @Transactional
    public void publish(List<MetricSample> samples, Ids ids, MetricOrigin origin) {
        if (samples.isEmpty()) {
            return;
        }
        List<Outbox.Message> messages = new ArrayList<>(samples.size());
        for (MetricSample sample : samples) {
            String key = sample.seriesKey();
            CloudEvent<MetricSample> event = ids == Ids.RANDOM
                    ? CloudEvent.of(EVENT_SOURCE, MetricSample.TYPE, key, sample)
                    : CloudEvent.of(stableId("metric", key + "@" + sample.timestamp()), EVENT_SOURCE, MetricSample.TYPE,
                            key, java.time.Instant.now(), sample);
            messages.add(new Outbox.Message(Topics.METRICS, key, event));
        }
        outbox.publishAll(messages);
        rememberLatest(samples);
        meters.published(origin, samples);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void publishAgentChanges(List<AgentStateChanged> changes) {
        List<Outbox.Message> messages = new ArrayList<>(changes.size());
        for (AgentStateChanged change : changes) {
            String subject = change.instanceId() + "/" + change.agentId();
            CloudEvent<AgentStateChanged> event = CloudEvent.of(
                    stableId("agent", subject + "@" + change.changedAt() + "@" + change.status() + "@" + change.routingState()),
                    EVENT_SOURCE, AgentStateChanged.TYPE, subject, java.time.Instant.now(), change);
            messages.add(new Outbox.Message(Topics.AGENT_EVENTS, change.agentId(), event));
        }
        outbox.publishAll(messages);
    }

    static String stableId(String kind, String identity) {
        return UUID.nameUUIDFromBytes((kind + "|" + identity).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * One row per series: the newest sample of the batch wins, rows are written in key order so that concurrent
     * batches lock them in the same order and cannot deadlock.
     */
    private void rememberLatest(List<MetricSample> samples) {
        Map<String, MetricSample> newest = new LinkedHashMap<>();
        for (MetricSample sample : samples) {
            newest.merge(sample.seriesKey(), sample,
                    (a, b) -> b.timestamp().isBefore(a.timestamp()) ? a : b);
        }
        List<Map.Entry<String, MetricSample>> rows = new ArrayList<>(newest.entrySet());
        rows.sort(Map.Entry.comparingByKey(Comparator.naturalOrder()));
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT_LATEST)) {
                for (Map.Entry<String, MetricSample> row : rows) {
                    MetricSample sample = row.getValue();
                    upsert.setString(1, row.getKey());
                    upsert.setString(2, sample.source());
                    upsert.setString(3, sample.instanceId());
                    upsert.setString(4, sample.queueId());
                    upsert.setString(5, sample.channel());
                    upsert.setString(6, sample.agentId());
                    upsert.setString(7, sample.metric());
                    if (sample.value() == null) {
                        upsert.setNull(8, Types.DOUBLE);
                    } else {
                        upsert.setDouble(8, sample.value());
                    }
                    upsert.setString(9, sample.unit());
                    upsert.setTimestamp(10, Timestamp.from(sample.timestamp()));
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
        });
    }
}
