package io.connectops.contracts;

import java.time.Instant;
import java.util.Locale;

/**
 * The outcome of one notification delivery, on {@link Topics#DELIVERIES}, so that incidents can record it on the
 * timeline.
 *
 * @param sourceEventId the id of the event that was notified
 * @param externalRef the receiver's reference: a Slack {@code ts}, a ServiceNow {@code sys_id}
 */
public record DeliveryEvent(
        String deliveryId,
        String sourceEventId,
        String sourceEventType,
        String incidentId,
        String channelId,
        String channelType,
        Status status,
        int attempts,
        String externalRef,
        String detail,
        Instant occurredAt) {

    public enum Status { DELIVERED, FAILED, DEAD_LETTERED }

    public static String typeOf(Status status) {
        return "connectops.delivery." + status.name().toLowerCase(Locale.ROOT).replace('_', '-') + ".v1";
    }

    public String type() {
        return typeOf(status);
    }
}
