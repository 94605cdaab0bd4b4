package io.connectops.scheduling.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.MetricSample;
import io.connectops.platform.inbox.AppliedEvents;
import io.connectops.scheduling.service.ForecastService;
import io.smallrye.common.annotation.Blocking;

/**
 * Builds contact history from the interval metrics of metrics-ingest ({@code contacts_queued},
 * {@code avg_handle_time} per queue), once per event. Other samples, and samples without data, are skipped.
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

    @Incoming(CHANNEL)
    @Blocking
    @Transactional
    public void onSample(String record) {
        CloudEvent<MetricSample> event = EventCodec.decode(record, MetricSample.class);
        MetricSample sample = event.data();
        if (sample.metric() == null || sample.timestamp() == null) {
            throw new EventCodec.MalformedEventException("sample without metric or timestamp");
        }
        boolean contacts = CONTACTS_METRIC.equals(sample.metric());
        boolean handleTime = AHT_METRIC.equals(sample.metric());
        if ((!contacts && !handleTime) || sample.queueId() == null || !sample.hasData() || sample.value() < 0
                || sample.agentId() != null) {
            return;
        }
        if (appliedEvents.markApplied(CONSUMER, event.id())) {
            forecasts.recordObserved(sample.queueId(), sample.timestamp(), contacts ? sample.value() : null,
                    handleTime ? sample.value() : null);
        }
    }
}
