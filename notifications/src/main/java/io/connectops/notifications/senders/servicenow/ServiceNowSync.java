package io.connectops.notifications.senders.servicenow;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.connectops.contracts.DeliveryEvent;
import io.connectops.notifications.channels.Channel;
import io.connectops.notifications.delivery.DeliveryEvents;
import io.connectops.notifications.delivery.ThreadState;
import io.connectops.notifications.senders.ChannelType;
import io.connectops.platform.inbox.AppliedEvents;
import io.connectops.platform.problem.ProblemException;

/**
 * The way back from ServiceNow: a callback about a record notifications created becomes a
 * {@code connectops.delivery.external-update.v1} event, keyed by incident id, for incidents to put on the timeline.
 */
@ApplicationScoped
public class ServiceNowSync {

    static final String CONSUMER = "servicenow-callback";

    @Inject
    DeliveryEvents events;

    @Inject
    AppliedEvents appliedEvents;

    /** The outcome of a callback: the incident it belongs to, and whether it was new. */
    public record Accepted(String incidentId, String kind, String reference, boolean duplicate) {
    }

    @Transactional
    public Accepted accept(ServiceNowCallback callback) {
        ThreadState thread = null;
        for (ThreadState candidate : ThreadState.<ThreadState>list("parentRef", callback.sysId())) {
            Channel channel = Channel.findById(candidate.channelId);
            if (channel != null && channel.type == ChannelType.SERVICENOW) {
                thread = candidate;
                break;
            }
        }
        if (thread == null) {
            throw ProblemException.notFound("ServiceNow record", callback.sysId());
        }
        String expected = ServiceNowSender.correlationId(thread.threadKey);
        if (callback.correlationId() != null && !callback.correlationId().equals(expected)) {
            throw ProblemException.invalid("correlation_id", "does not belong to record " + callback.sysId());
        }
        String kind = kind(callback);
        String incidentId = thread.threadKey.startsWith("incident:") ? thread.threadKey.substring("incident:".length())
                : null;
        String reference = callback.number() != null ? callback.number() : thread.externalNumber;
        String changeId = "servicenow/" + callback.sysId() + "/" + callback.updatedOn();
        if (!appliedEvents.markApplied(CONSUMER, changeId)) {
            return new Accepted(incidentId, kind, reference, true);
        }
        DeliveryEvent.ExternalUpdate update = new DeliveryEvent.ExternalUpdate("SERVICENOW", kind, reference,
                callback.state(), callback.assignedTo(), callback.assignmentGroup(), callback.comments(),
                callback.closeCode(), callback.closeNotes(), callback.updatedBy());
        String deliveryId = UUID.nameUUIDFromBytes(changeId.getBytes(StandardCharsets.UTF_8)).toString();
        DeliveryEvent event = new DeliveryEvent(deliveryId, changeId, "servicenow.callback", incidentId,
                thread.channelId.toString(), ChannelType.SERVICENOW.name(), DeliveryEvent.Status.EXTERNAL_UPDATE, 0,
                reference, summary(kind, reference, callback), Instant.now(), update);
        events.publish(deliveryId, incidentId, event);
        return new Accepted(incidentId, kind, reference, false);
    }

    private static String kind(ServiceNowCallback callback) {
        if (callback.kind() != null && List.of("RESOLVED", "REASSIGNED", "COMMENTED", "STATE_CHANGED")
                .contains(callback.kind())) {
            return callback.kind();
        }
        if (callback.kind() != null) {
            throw ProblemException.invalid("kind", "must be RESOLVED, REASSIGNED, COMMENTED or STATE_CHANGED");
        }
        if ("6".equals(callback.state()) || "7".equals(callback.state())) {
            return "RESOLVED";
        }
        if (callback.comments() != null && !callback.comments().isBlank()) {
            return "COMMENTED";
        }
        if (callback.assignedTo() != null || callback.assignmentGroup() != null) {
            return "REASSIGNED";
        }
        return "STATE_CHANGED";
    }

    private static String summary(String kind, String reference, ServiceNowCallback callback) {
        switch (kind) {
            case "RESOLVED":
                return "ServiceNow " + reference + " resolved"
                        + (callback.closeNotes() == null ? "" : ": " + callback.closeNotes());
            case "REASSIGNED":
                return "ServiceNow " + reference + " reassigned to "
                        + (callback.assignedTo() != null ? callback.assignedTo() : callback.assignmentGroup());
            case "COMMENTED":
                return "ServiceNow " + reference + " commented: " + callback.comments();
            default:
                return "ServiceNow " + reference + " moved to state " + callback.state();
        }
    }
}
