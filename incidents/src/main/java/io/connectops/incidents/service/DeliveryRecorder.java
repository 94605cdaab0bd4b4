package io.connectops.incidents.service;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.connectops.contracts.Actor;
import io.connectops.contracts.DeliveryEvent;
import io.connectops.incidents.domain.Incident;
import io.connectops.incidents.domain.TimelineEntry.Kind;

/** Records on the timeline how each notification about an incident was delivered (or not). */
@ApplicationScoped
public class DeliveryRecorder {

    static final Actor NOTIFICATIONS = new Actor("notifications", "Notifications");

    @Inject
    Timeline timeline;

    /** Returns false when the delivery is not about an incident of this service. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean record(DeliveryEvent delivery) {
        UUID incidentId = parse(delivery.incidentId());
        Incident incident = incidentId == null ? null : Incident.findById(incidentId);
        if (incident == null) {
            return false;
        }
        StringBuilder text = new StringBuilder("Notification ").append(delivery.status().name().toLowerCase())
                .append(" via ").append(delivery.channelType() == null ? "channel" : delivery.channelType());
        if (delivery.channelId() != null) {
            text.append(" (").append(delivery.channelId()).append(')');
        }
        if (delivery.sourceEventType() != null) {
            text.append(" for ").append(delivery.sourceEventType());
        }
        text.append(", ").append(delivery.attempts()).append(delivery.attempts() == 1 ? " attempt" : " attempts");
        if (delivery.externalRef() != null) {
            text.append(", ref ").append(delivery.externalRef());
        }
        if (delivery.detail() != null && !delivery.detail().isBlank()) {
            text.append(": ").append(delivery.detail());
        }
        timeline.record(incident, Kind.DELIVERY, NOTIFICATIONS, text.toString());
        return true;
    }

    private static UUID parse(String id) {
        if (id == null) {
            return null;
        }
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
