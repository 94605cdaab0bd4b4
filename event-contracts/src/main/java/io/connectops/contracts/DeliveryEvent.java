package io.connectops.contracts;

import java.time.Instant;
import java.util.Locale;

/**
 * The outcome of one notification delivery, on {@link Topics#DELIVERIES}, so that incidents can record it on the
 * timeline.
 *
 * @param sourceEventId the id of the event that was notified
 * @param externalRef the receiver's reference: a Slack {@code ts}, a ServiceNow {@code sys_id}
 * @param externalUpdate for {@link Status#EXTERNAL_UPDATE}: what changed on the receiver's side (a ServiceNow
 *        ticket resolved, reassigned or commented), for incidents to record on the timeline; null otherwise
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
        Instant occurredAt,
        ExternalUpdate externalUpdate) {

    public enum Status { DELIVERED, FAILED, DEAD_LETTERED, EXTERNAL_UPDATE }

    /**
     * A change made in an external system to the record notifications keeps for an incident.
     *
     * @param system e.g. {@code SERVICENOW}
     * @param kind {@code RESOLVED}, {@code REASSIGNED}, {@code COMMENTED} or {@code STATE_CHANGED}
     * @param reference the external record, e.g. {@code INC0010002}
     * @param state the external state code after the change, e.g. {@code 6}
     */
    public record ExternalUpdate(
            String system,
            String kind,
            String reference,
            String state,
            String assignedTo,
            String assignmentGroup,
            String comment,
            String closeCode,
            String closeNotes,
            String updatedBy) {
    }

    /** An outbound delivery result, without an external update. */
    public DeliveryEvent(String deliveryId, String sourceEventId, String sourceEventType, String incidentId,
            String channelId, String channelType, Status status, int attempts, String externalRef, String detail,
            Instant occurredAt) {
        this(deliveryId, sourceEventId, sourceEventType, incidentId, channelId, channelType, status, attempts,
                externalRef, detail, occurredAt, null);
    }

    public static String typeOf(Status status) {
        return "connectops.delivery." + status.name().toLowerCase(Locale.ROOT).replace('_', '-') + ".v1";
    }

    public String type() {
        return typeOf(status);
    }
}
