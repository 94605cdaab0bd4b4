package io.connectops.notifications.commands;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventSources;
import io.connectops.contracts.IncidentCommand;
import io.connectops.contracts.Topics;
import io.connectops.platform.inbox.AppliedEvents;
import io.connectops.platform.outbox.Outbox;

/**
 * What people ask from outside the API (a Slack button, a ServiceNow resolution or comment) on {@code ops.commands.v1},
 * through the outbox in the caller's transaction, keyed by incident id so that one incident's commands stay in order.
 * Each request is published once: its command id is remembered, so a pressed-twice button or a retried callback adds
 * nothing (and incidents deduplicates on the same id, the CloudEvent id).
 */
@ApplicationScoped
public class CommandEvents {

    static final String CONSUMER = "incident-commands";

    @Inject
    Outbox outbox;

    @Inject
    AppliedEvents appliedEvents;

    /**
     * A stable command id from what identifies the request at its origin (a UUID, as outbox ids are bounded and the
     * origin's parts are not).
     */
    public static String commandId(String origin, String... parts) {
        return UUID.nameUUIDFromBytes((origin + "/" + String.join("/", parts)).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** @return false when this command was published before (nothing is published again) */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean publishOnce(IncidentCommand command) {
        if (!appliedEvents.markApplied(CONSUMER, command.commandId())) {
            return false;
        }
        outbox.publish(Topics.COMMANDS, command.incidentId(), CloudEvent.of(command.commandId(),
                EventSources.NOTIFICATIONS, command.type(), command.incidentId(), command.requestedAt(), command));
        return true;
    }
}
