package io.connectops.ingest.service;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.MetricSample;
import io.connectops.contracts.Topics;
import io.connectops.platform.outbox.Outbox;

/** Publishes normalised samples on {@link Topics#METRICS} through the outbox, keyed by series. */
@ApplicationScoped
public class MetricPublisher {

    static final String EVENT_SOURCE = "/connectops/metrics-ingest";

    @Inject
    Outbox outbox;

    @Transactional
    public void publish(List<MetricSample> samples) {
        List<Outbox.Message> messages = new ArrayList<>(samples.size());
        for (MetricSample sample : samples) {
            CloudEvent<MetricSample> event = CloudEvent.of(EVENT_SOURCE, MetricSample.TYPE, sample.seriesKey(), sample);
            messages.add(new Outbox.Message(Topics.METRICS, sample.seriesKey(), event));
        }
        outbox.publishAll(messages);
    }
}
