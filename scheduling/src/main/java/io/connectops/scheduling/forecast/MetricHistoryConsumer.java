package io.connectops.scheduling.forecast;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.MetricSample;
import io.connectops.platform.inbox.AppliedEvents;
import io.connectops.platform.inbox.Settlement;
import io.smallrye.common.annotation.Blocking;

/**
 * Builds contact history ({@code contacts_queued}, {@code avg_handle_time}) and the measured service level
 * ({@code service_level}, {@code contacts_handled}) per queue, over all its channels, from the interval metrics of
 * metrics-ingest, once per event. Other samples, per-agent samples and samples without data or with impossible values are skipped.
 */
@ApplicationScoped
public class MetricHistoryConsumer {

    public static final String CHANNEL = "metrics-in";
    public static final String CONTACTS_METRIC = "contacts_queued";
    public static final String AHT_METRIC = "avg_handle_time";
    static final String CONSUMER = "scheduling-history";

    @Inject
    AppliedEvents appliedEvents;

    @Inject
    ForecastService forecasts;

    @Inject
    MeasuredServiceLevels serviceLevels;

    @Inject
    Settlement settlement;

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> onSample(Message<String> record) {
        return settlement.apply(CONSUMER, record, () -> apply(record.getPayload()));
    }

    private void apply(String record) {
        CloudEvent<MetricSample> event = EventCodec.decode(record, MetricSample.class);
        MetricSample sample = event.data();
        if (sample.metric() == null || sample.timestamp() == null) {
            throw new EventCodec.MalformedEventException("sample without metric or timestamp");
        }
        String metric = sample.metric();
        boolean history = CONTACTS_METRIC.equals(metric) || AHT_METRIC.equals(metric);
        boolean serviceLevel = MeasuredServiceLevels.SERVICE_LEVEL_METRIC.equals(metric)
                || MeasuredServiceLevels.HANDLED_METRIC.equals(metric);
        if ((!history && !serviceLevel) || sample.queueId() == null || !sample.hasData() || sample.value() < 0
                || sample.agentId() != null
                || (MeasuredServiceLevels.SERVICE_LEVEL_METRIC.equals(metric) && sample.value() > 100)) {
            return;
        }
        if (!appliedEvents.markApplied(CONSUMER, event.id())) {
            return;
        }
        if (history) {
            boolean contacts = CONTACTS_METRIC.equals(metric);
            forecasts.recordObserved(sample.queueId(), sample.channel(), sample.timestamp(),
                    contacts ? sample.value() : null, contacts ? null : sample.value());
        } else {
            serviceLevels.record(sample.queueId(), sample.channel(), sample.timestamp(), metric, sample.value());
        }
    }
}
