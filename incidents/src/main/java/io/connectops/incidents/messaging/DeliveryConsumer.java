package io.connectops.incidents.messaging;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.DeliveryEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.incidents.service.DeliveryRecorder;
import io.connectops.platform.inbox.AppliedEvents;
import io.connectops.platform.inbox.Settlement;
import io.smallrye.common.annotation.Blocking;

/**
 * Records notification deliveries from {@code ops.deliveries.v1} on incident timelines, once each; a database
 * outage pauses consumption ({@link Settlement}).
 */
@ApplicationScoped
public class DeliveryConsumer {

    public static final String CHANNEL = "deliveries-in";
    public static final String CONSUMER = "incidents-deliveries";

    @Inject
    AppliedEvents appliedEvents;

    @Inject
    DeliveryRecorder recorder;

    @Inject
    Settlement settlement;

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> onDelivery(Message<String> record) {
        return settlement.apply(CONSUMER, record, () -> apply(record.getPayload()));
    }

    private void apply(String record) {
        CloudEvent<DeliveryEvent> event = EventCodec.decode(record, DeliveryEvent.class);
        DeliveryEvent delivery = event.data();
        if (delivery.status() == null) {
            throw new EventCodec.MalformedEventException("delivery without status");
        }
        // Deliveries of other events (schedules, alerts without incident) are not ours to record.
        if (delivery.incidentId() != null && appliedEvents.markApplied(CONSUMER, event.id())) {
            recorder.record(delivery);
        }
    }
}
