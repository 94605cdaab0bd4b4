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

import org.apache.kafka.clients.producer.ProducerRecord;

import io.connectops.contracts.AgentStateChanged;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventSources;
import io.connectops.contracts.ExternalAlert;
import io.connectops.contracts.MetricSample;
import io.connectops.contracts.Topics;
import io.connectops.contracts.metrics.MetricOrigin;
import io.connectops.platform.outbox.Outbox;

/**
 * Publishes normalised samples on {@link Topics#METRICS} and agent changes on {@link Topics#AGENT_EVENTS}, and keeps
 * the latest value of every series for {@code GET /api/v1/series}.
 *
 * <p>Polled samples go through the outbox, in the transaction that also records how far a source was read (an
 * interval's high-water mark, a lease). Pushed samples change nothing in the database that they must be atomic
 * with, so they go straight to Kafka and are acknowledged there before the push is answered: the same records
 * (key, envelope, headers), without a row written, read back and stamped per sample.
 */
@ApplicationScoped
public class MetricPublisher {

    public static final String EVENT_SOURCE = EventSources.METRICS_INGEST;

    @Inject
    Outbox outbox;

    @Inject
    IngestMeters meters;

    @Inject
    SeriesLatestWriter latest;

    @Inject
    AcknowledgedProducer producer;

    /** How the CloudEvent id of a sample is chosen. */
    public enum Ids {
        /**
         * Derived from series and event time: a snapshot or interval read twice (two instances, a retry after a
         * crash) carries the same id, so consumers apply it once.
         */
        PER_SERIES_AND_TIME,
        /**
         * Derived from series, event time and value: a correction (another value of an interval already published)
         * is a new event for consumers, the same correction read twice is one.
         */
        PER_SERIES_TIME_AND_VALUE,
        /** Random: every occurrence is an event of its own (a Connect call that failed for good). */
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
            String id = ids == Ids.RANDOM ? randomId(random)
                    : ids == Ids.PER_SERIES_TIME_AND_VALUE
                            ? stableId("metric", key + "@" + sample.timestamp() + "@" + sample.value())
                            : stableId("metric", key + "@" + sample.timestamp());
            messages.add(new Outbox.Message(Topics.METRICS, key,
                    CloudEvent.of(id, EVENT_SOURCE, MetricSample.TYPE, key, now, sample)));
        }
        outbox.publishAll(messages);
        latest.write(samples);
        meters.published(origin, samples, null);
    }

    /**
     * Publishes pushed samples and returns once Kafka has acknowledged every one; their latest values are then
     * written behind. {@code keys[i]} is the series key of sample i, already computed to check its length.
     *
     * @throws AcknowledgedProducer.NotAcknowledgedException when Kafka did not acknowledge them all in time
     */
    public void publishPushed(List<MetricSample> samples, String[] keys) {
        if (samples.isEmpty()) {
            return;
        }
        List<ProducerRecord<String, byte[]>> records = PushedRecords.of(samples, keys, Instant.now());
        producer.sendAll(records);
        latest.writeBehind(keys, samples);
        meters.published(MetricOrigin.PUSH, samples, null);
    }

    /**
     * Publishes an alert another system evaluated on {@link Topics#EXTERNAL_ALERTS}, keyed by origin and fingerprint,
     * through the outbox. Its id follows from the alert's identity, state and time: the same state change received
     * twice (an SNS redelivery under a new MessageId) is one event for consumers.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publishExternalAlert(ExternalAlert alert, Instant changedAt) {
        publishExternalAlert(alert.key() + "@" + alert.status() + "@" + changedAt, alert);
    }

    /**
     * Publishes an alert received from Alertmanager, Grafana or Prometheus, whose receipts count the times it started
     * firing: an alert that fires again after it expired here, with the {@code startsAt} it had before, is a new
     * event for consumers, which a redelivery of the same change is not.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publishExternalAlert(ExternalAlert alert, Instant changedAt, long episode) {
        publishExternalAlert(alert.key() + "@" + alert.status() + "@" + changedAt + "#" + episode, alert);
    }

    private void publishExternalAlert(String identity, ExternalAlert alert) {
        String key = alert.key();
        String id = stableId("external-alert", identity);
        outbox.publishAll(List.of(new Outbox.Message(Topics.EXTERNAL_ALERTS, key,
                CloudEvent.of(id, EVENT_SOURCE, alert.type(), key, Instant.now(), alert))));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void publishAgentChanges(List<AgentStateChanged> changes) {
        List<Outbox.Message> messages = new ArrayList<>(changes.size());
        for (AgentStateChanged change : changes) {
            String subject = change.instanceId() + "/" + change.agentId();
            CloudEvent<AgentStateChanged> event = CloudEvent.of(
                    stableId("agent", subject + "@" + change.changedAt() + "@" + change.status() + "@" + change.routingState()),
                    EVENT_SOURCE, AgentStateChanged.TYPE, subject, Instant.now(), change);
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
