package io.connectops.notifications.delivery;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.DeliveryEvent;
import io.connectops.contracts.EventSources;
import io.connectops.contracts.Topics;
import io.connectops.platform.outbox.Outbox;

/**
 * What notifications publishes on {@code ops.deliveries.v1}, through the outbox in the caller's transaction, keyed by
 * incident id (so one incident's outcomes stay in order) or, without one, by delivery id.
 */
@ApplicationScoped
public class DeliveryEvents {

    /** The CloudEvent {@code source} of every event notifications publishes. */
    public static final String SOURCE = EventSources.NOTIFICATIONS;

    @Inject
    Outbox outbox;

    /** A delivery's outcome; receivers' answers are cut off the detail, as incident timelines show it to everyone. */
    void outcome(DeliveryStore.Row delivery, DeliveryEvent.Status status, String detail) {
        DeliveryEvent event = new DeliveryEvent(delivery.id().toString(), delivery.sourceEventId(),
                delivery.sourceEventType(), delivery.incidentId(), delivery.channelId().toString(),
                delivery.channelType().name(), status, delivery.attempts(), delivery.externalRef(),
                ReceiverText.withoutReceiverText(detail), Instant.now());
        publish(delivery.id() + "/" + status + "/" + delivery.attempts(), delivery.id().toString(), event);
    }

    /** Publishes {@code event} under the CloudEvent id {@code eventId} with {@code subject}. */
    public void publish(String eventId, String subject, DeliveryEvent event) {
        String key = event.incidentId() != null ? event.incidentId() : event.deliveryId();
        outbox.publish(Topics.DELIVERIES, key, CloudEvent.of(eventId, SOURCE, event.type(), subject,
                event.occurredAt(), event));
    }
}
