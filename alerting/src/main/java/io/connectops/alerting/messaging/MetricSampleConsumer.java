package io.connectops.alerting.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.connectops.alerting.service.SeriesService;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.MetricSample;
import io.connectops.platform.inbox.AppliedEvents;
import io.smallrye.common.annotation.Blocking;

/**
 * Applies metric samples from {@code ops.metrics.v1}, once each. A record that cannot be read or applied throws,
 * which sends it to {@code ops.metrics.v1.dlq} and lets the partition go on.
 */
@ApplicationScoped
public class MetricSampleConsumer {

    public static final String CHANNEL = "metrics-in";
    static final String CONSUMER = "alerting-series";

    @Inject
    AppliedEvents appliedEvents;

    @Inject
    SeriesService series;

    @Incoming(CHANNEL)
    @Blocking
    @Transactional
    public void onSample(String record) {
        CloudEvent<MetricSample> event = EventCodec.decode(record, MetricSample.class);
        MetricSample sample = event.data();
        if (sample.metric() == null || sample.timestamp() == null) {
            throw new EventCodec.MalformedEventException("sample without metric or timestamp");
        }
        if (appliedEvents.markApplied(CONSUMER, event.id())) {
            series.record(sample);
        }
    }
}
