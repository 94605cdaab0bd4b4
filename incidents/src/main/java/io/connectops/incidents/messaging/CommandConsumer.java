package io.connectops.incidents.messaging;

import java.util.UUID;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.IncidentCommand;
import io.connectops.incidents.domain.Incident;
import io.connectops.incidents.service.CommandApplier;
import io.connectops.platform.inbox.AppliedEvents;
import io.connectops.platform.inbox.Settlement;
import io.smallrye.common.annotation.Blocking;

/**
 * Applies commands from people outside the API ({@code ops.commands.v1}: Slack buttons, ServiceNow resolutions and
 * comments), once each by CloudEvent id (the command id), so a button pressed twice or a retried callback acts once.
 * A record that can never be applied (unreadable, without action, actor or text, about an incident that does not
 * exist) goes to {@code ops.commands.v1.dlq}; a database outage pauses consumption ({@link Settlement}); a move the
 * lifecycle refuses is applied as a refusal on the timeline ({@link CommandApplier}).
 */
@ApplicationScoped
public class CommandConsumer {

    public static final String CHANNEL = "commands-in";
    public static final String CONSUMER = "incidents-commands";

    /** The API's limit on a resolution and a comment, so that a command cannot write more than a person could. */
    static final int MAX_TEXT = 10000;

    /** The timeline's columns for who did something. */
    static final int MAX_NAME = 200;

    @Inject
    AppliedEvents appliedEvents;

    @Inject
    CommandApplier applier;

    @Inject
    Settlement settlement;

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> onCommand(Message<String> record) {
        return settlement.apply(CONSUMER, record, () -> apply(record.getPayload()));
    }

    private void apply(String record) {
        CloudEvent<IncidentCommand> event = EventCodec.decode(record, IncidentCommand.class);
        IncidentCommand command = event.data();
        UUID incidentId = requireReadable(command);
        if (!appliedEvents.markApplied(CONSUMER, event.id())) {
            return;
        }
        if (Incident.findById(incidentId) == null) {
            throw new EventCodec.MalformedEventException("command about incident " + incidentId
                    + ", which does not exist here");
        }
        applier.apply(command);
    }

    private static UUID requireReadable(IncidentCommand command) {
        if (command.action() == null) {
            throw new EventCodec.MalformedEventException("command without action");
        }
        if (command.actor() == null || command.actor().id() == null || command.actor().id().isBlank()) {
            throw new EventCodec.MalformedEventException("command without actor");
        }
        if (command.actor().id().length() > MAX_NAME
                || (command.actor().name() != null && command.actor().name().length() > MAX_NAME)) {
            throw new EventCodec.MalformedEventException("command actor id or name longer than " + MAX_NAME);
        }
        boolean needsText = command.action() != IncidentCommand.Action.ACKNOWLEDGE;
        if (needsText && (command.text() == null || command.text().isBlank())) {
            throw new EventCodec.MalformedEventException(command.action() + " command without text");
        }
        if (command.text() != null && command.text().length() > MAX_TEXT) {
            throw new EventCodec.MalformedEventException("command text longer than " + MAX_TEXT + " characters");
        }
        try {
            return UUID.fromString(command.incidentId());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new EventCodec.MalformedEventException("command without a valid incidentId");
        }
    }
}
