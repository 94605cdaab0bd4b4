package io.connectops.ingest.service;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

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
        for (MetricSample sample : samples) {
            String key = sample.seriesKey();
            CloudEvent<MetricSample> event = ids == Ids.RANDOM
                    ? CloudEvent.of(EVENT_SOURCE, MetricSample.TYPE, key, sample)
                    : CloudEvent.of(stableId("metric", key + "@" + sample.timestamp()), EVENT_SOURCE, MetricSample.TYPE,
                            key, java.time.Instant.now(), sample);
            messages.add(new Outbox.Message(Topics.METRICS, key, event));
        }
        outbox.publishAll(messages);
        if (origin == MetricOrigin.PUSH) {
            meters.published(origin, samples, () -> latest.writeBehind(samples));
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

    static String stableId(String kind, String identity) {
        return UUID.nameUUIDFromBytes((kind + "|" + identity).getBytes(StandardCharsets.UTF_8)).toString();
    }

}
