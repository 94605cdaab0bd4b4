package io.connectops.scheduling.forecast;

import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.MetricSample;
import io.connectops.platform.inbox.AppliedEvents;
import io.connectops.platform.inbox.Settlement;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * Builds contact history ({@code contacts_queued}, {@code avg_handle_time}) and the measured service level
 * ({@code service_level}, {@code contacts_handled}) per queue, over all its channels, from the interval metrics of
 * metrics-ingest, once per event. Other samples, per-agent samples and samples without data or with impossible values are skipped.
 */
@ApplicationScoped
public class MetricHistoryConsumer {

    public static final String CHANNEL = "metrics-in";
    /** The records of {@link #CHANNEL} that may hold a sample read here, in order, in memory. */
    static final String READ_HERE = "metrics-read-here";
    public static final String CONTACTS_METRIC = "contacts_queued";
    public static final String AHT_METRIC = "avg_handle_time";
    static final String CONSUMER = "scheduling-history";
    /** The metrics read here: the contact history's two, then the measured service level's. */
    private static final List<String> READ_METRICS = List.of(CONTACTS_METRIC, AHT_METRIC,
            MeasuredServiceLevels.SERVICE_LEVEL_METRIC, MeasuredServiceLevels.HANDLED_METRIC);
    /** How the key of a sample read here ends: a record's key is its series key, which ends with the metric. */
    private static final List<String> KEY_ENDINGS = READ_METRICS.stream().map(metric -> "/" + metric).toList();

    @Inject
    AppliedEvents appliedEvents;

    @Inject
    ForecastService forecasts;

    @Inject
    MeasuredServiceLevels serviceLevels;

    @Inject
    Settlement settlement;

    /**
     * Passes on the records that may hold a sample read here and acknowledges the others where they arrive, on the
     * consumer's event loop. Most of the topic is of other metrics (every sample pushed by other systems, every
     * real-time metric): handed to a worker thread one by one, as a blocking consumer would, and acknowledged back on
     * the event loop, each cost this service 32-49 µs of CPU, more than half of it in the kernel waking threads, more
     * than metrics-ingest spent accepting it, on the cores the push shares. 400,000 samples pushed as bench/run.sh
     * pushes them took 12.8-19.6 s of this service's CPU that way, 3.9-5.6 s passed over here.
     */
    @Incoming(CHANNEL)
    @Outgoing(READ_HERE)
    public Multi<Message<String>> selectReadHere(Multi<Message<String>> records) {
        return records.filter(record -> {
            if (mayBeReadHere(record)) {
                return true;
            }
            record.ack();
            return false;
        });
    }

    @Incoming(READ_HERE)
    @Blocking
    public CompletionStage<Void> onSample(Message<String> record) {
        return settlement.apply(CONSUMER, record, () -> apply(record.getPayload()));
    }

    /**
     * False for a record whose key ({@link MetricSample#seriesKey()}) says its metric is none of the four read here. A
     * record without a key, or with a key that ends like one read here, is decoded and checked by {@link #apply}. One
     * skipped while malformed is not lost: alerting reads every sample of the topic and dead-letters it.
     */
    private static boolean mayBeReadHere(Message<?> record) {
        Object key = record.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getKey)
                .orElse(null);
        if (!(key instanceof String seriesKey)) {
            return true;
        }
        for (String ending : KEY_ENDINGS) {
            if (seriesKey.endsWith(ending)) {
                return true;
            }
        }
        return false;
    }

    private void apply(String record) {
        CloudEvent<MetricSample> event = EventCodec.decode(record, MetricSample.class);
        MetricSample sample = event.data();
        if (sample.metric() == null || sample.timestamp() == null) {
            throw new EventCodec.MalformedEventException("sample without metric or timestamp");
        }
        String metric = sample.metric();
        if (!READ_METRICS.contains(metric) || sample.queueId() == null || !sample.hasData() || sample.value() < 0
                || sample.agentId() != null
                || (MeasuredServiceLevels.SERVICE_LEVEL_METRIC.equals(metric) && sample.value() > 100)) {
            return;
        }
        if (!appliedEvents.markApplied(CONSUMER, event.id())) {
            return;
        }
        if (CONTACTS_METRIC.equals(metric) || AHT_METRIC.equals(metric)) {
            boolean contacts = CONTACTS_METRIC.equals(metric);
            forecasts.recordObserved(sample.queueId(), sample.channel(), sample.timestamp(),
                    contacts ? sample.value() : null, contacts ? null : sample.value());
        } else {
            serviceLevels.record(sample.queueId(), sample.channel(), sample.timestamp(), metric, sample.value());
        }
    }
}
