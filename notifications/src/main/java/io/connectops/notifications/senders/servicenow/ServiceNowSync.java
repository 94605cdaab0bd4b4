package io.connectops.notifications.senders.servicenow;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.connectops.contracts.Actor;
import io.connectops.contracts.DeliveryEvent;
import io.connectops.contracts.IncidentCommand;
import io.connectops.notifications.channels.Channel;
import io.connectops.notifications.commands.CommandEvents;
import io.connectops.notifications.delivery.DeliveryEvents;
import io.connectops.notifications.delivery.ThreadState;
import io.connectops.notifications.senders.ChannelType;
import io.connectops.platform.inbox.AppliedEvents;
import io.connectops.platform.problem.ProblemException;

/**
 * The way back from ServiceNow: a callback about a record notifications created becomes a
 * {@code connectops.delivery.external-update.v1} event, keyed by incident id, for incidents to put on the timeline,
 * and acts on the incident: a record resolved or closed there (state 6 or 7) is a RESOLVE command with its close
 * notes, a comment or work note a COMMENT, both as {@code servicenow:<sys_updated_by>}. A change the channel's own
 * user made (Connect Ops writing its updates) and a work note carrying a delivery marker are our own echo and command
 * nothing. A retried callback (same {@code sys_id} and {@code sys_updated_on}) acts once.
 */
@ApplicationScoped
public class ServiceNowSync {

    static final String CONSUMER = "servicenow-callback";

    @Inject
    DeliveryEvents events;

    @Inject
    AppliedEvents appliedEvents;

    @Inject
    CommandEvents commands;

    /** ServiceNow's {@code sys_updated_on} as the Table API gives it (UTC, without display values). */
    private static final DateTimeFormatter UPDATED_ON = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** The outcome of a callback: the incident it belongs to, and whether it was new. */
    public record Accepted(String incidentId, String kind, String reference, boolean duplicate,
            List<String> commands) {
    }

    @Transactional
    public Accepted accept(ServiceNowCallback callback) {
        ThreadState thread = null;
        Channel channel = null;
        for (ThreadState candidate : ThreadState.<ThreadState>list("parentRef", callback.sysId())) {
            Channel owner = Channel.findById(candidate.channelId);
            if (owner != null && owner.type == ChannelType.SERVICENOW) {
                thread = candidate;
                channel = owner;
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
        String changeId = "servicenow/" + callback.sysId() + "/" + callback.updatedOn()
                + (callback.modCount() == null || callback.modCount().isBlank() ? "" : "/" + callback.modCount());
        String deliveryId = UUID.nameUUIDFromBytes(changeId.getBytes(StandardCharsets.UTF_8)).toString();
        // Remembered as written when it fits the column (as before), else by its digest.
        if (!appliedEvents.markApplied(CONSUMER, changeId.length() <= 100 ? changeId : deliveryId)) {
            return new Accepted(incidentId, kind, reference, true, List.of());
        }
        DeliveryEvent.ExternalUpdate update = new DeliveryEvent.ExternalUpdate("SERVICENOW", kind, reference,
                callback.state(), callback.assignedTo(), callback.assignmentGroup(),
                callback.comments() != null ? callback.comments() : callback.workNotes(),
                callback.closeCode(), callback.closeNotes(), callback.updatedBy());
        DeliveryEvent event = new DeliveryEvent(deliveryId, changeId, "servicenow.callback", incidentId,
                thread.channelId.toString(), ChannelType.SERVICENOW.name(), DeliveryEvent.Status.EXTERNAL_UPDATE, 0,
                reference, summary(kind, reference, callback), Instant.now(), update);
        events.publish(deliveryId, incidentId, event);
        List<String> published = new ArrayList<>();
        if (incidentId != null && !ownChange(channel, callback)) {
            for (IncidentCommand command : commandsOf(callback, kind, incidentId, reference, changeId)) {
                if (commands.publishOnce(command)) {
                    published.add(command.action().name());
                }
            }
        }
        return new Accepted(incidentId, kind, reference, false, published);
    }

    /**
     * Connect Ops' own writes come back through the business rule too: made by the channel's user, or a work note
     * carrying a delivery marker. Acting on them would resolve an incident with its own words, or post its own work
     * note back as a comment.
     */
    private static boolean ownChange(Channel channel, ServiceNowCallback callback) {
        String user = channel.setting("username");
        return user != null && user.equalsIgnoreCase(callback.updatedBy());
    }

    /** What the change asks of the incident: a resolution, a comment, a work note (each once per change). */
    static List<IncidentCommand> commandsOf(ServiceNowCallback callback, String kind, String incidentId,
            String reference, String changeId) {
        String user = callback.updatedBy() == null || callback.updatedBy().isBlank() ? "unknown" : callback.updatedBy();
        Actor actor = new Actor("servicenow:" + user, user);
        Instant requestedAt = requestedAt(callback.updatedOn());
        List<IncidentCommand> found = new ArrayList<>();
        if ("RESOLVED".equals(kind)) {
            String notes = callback.closeNotes() == null || callback.closeNotes().isBlank()
                    ? "Resolved in ServiceNow " + reference : callback.closeNotes();
            found.add(new IncidentCommand(CommandEvents.commandId(changeId, "resolve"), incidentId,
                    IncidentCommand.Action.RESOLVE, actor, notes, "servicenow", reference, requestedAt));
        }
        if (callback.comments() != null && !callback.comments().isBlank()) {
            found.add(new IncidentCommand(CommandEvents.commandId(changeId, "comments"), incidentId,
                    IncidentCommand.Action.COMMENT, actor, callback.comments(), "servicenow", reference, requestedAt));
        }
        if (callback.workNotes() != null && !callback.workNotes().isBlank()
                && !callback.workNotes().contains(ServiceNowSender.MARKER_PREFIX)) {
            found.add(new IncidentCommand(CommandEvents.commandId(changeId, "work_notes"), incidentId,
                    IncidentCommand.Action.COMMENT, actor, "Work note: " + callback.workNotes(), "servicenow",
                    reference, requestedAt));
        }
        return found;
    }

    /** When it was changed there; a value ServiceNow did not format as the Table API does counts as now. */
    private static Instant requestedAt(String updatedOn) {
        try {
            return LocalDateTime.parse(updatedOn.trim(), UPDATED_ON).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return Instant.now();
        }
    }

    private static String kind(ServiceNowCallback callback) {
        if (callback.kind() != null && List.of("RESOLVED", "REASSIGNED", "COMMENTED", "STATE_CHANGED")
                .contains(callback.kind())) {
            return callback.kind();
        }
        if (callback.kind() != null) {
            throw ProblemException.invalid("kind", "must be RESOLVED, REASSIGNED, COMMENTED or STATE_CHANGED");
        }
        // Every callback carries the record's state: a comment on a resolved record is a comment, not a resolution.
        if (callback.comments() != null && !callback.comments().isBlank()
                || callback.workNotes() != null && !callback.workNotes().isBlank()) {
            return "COMMENTED";
        }
        if ("6".equals(callback.state()) || "7".equals(callback.state())) {
            return "RESOLVED";
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
                return "ServiceNow " + reference + " commented: "
                        + (callback.comments() != null ? callback.comments() : callback.workNotes());
            default:
                return "ServiceNow " + reference + " moved to state " + callback.state();
        }
    }
}
