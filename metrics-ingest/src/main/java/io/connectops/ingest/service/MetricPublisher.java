package io.connectops.ingest.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

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

    @Inject
    Outbox outbox;

    @Inject
    IngestMeters meters;

    @Inject
    SeriesLatestWriter latest;

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
        String[] keys = new String[samples.size()];
        // One publication time for the batch; random ids from a thread-local generator, not SecureRandom: they need
        // to be unique, not unpredictable, and the push path makes thousands a second.
        Instant now = Instant.now();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < keys.length; i++) {
            MetricSample sample = samples.get(i);
            String key = sample.seriesKey();
            keys[i] = key;
            String id = ids == Ids.RANDOM ? randomId(random) : stableId("metric", key + "@" + sample.timestamp());
            messages.add(new Outbox.Message(Topics.METRICS, key,
                    CloudEvent.of(id, EVENT_SOURCE, MetricSample.TYPE, key, now, sample)));
        }
        outbox.publishAll(messages);
        if (origin == MetricOrigin.PUSH) {
            meters.published(origin, samples, () -> latest.writeBehind(keys, samples));
        } else {
            latest.write(samples);
            meters.published(origin, samples, null);
        }
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

    /** A version 4 (random) UUID. */
    static String randomId(ThreadLocalRandom random) {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    static String stableId(String kind, String identity) {
        return UUID.nameUUIDFromBytes((kind + "|" + identity).getBytes(StandardCharsets.UTF_8)).toString();
    }

}
