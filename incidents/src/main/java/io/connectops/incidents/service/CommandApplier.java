package io.connectops.incidents.service;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.connectops.contracts.Actor;
import io.connectops.contracts.IncidentCommand;
import io.connectops.contracts.IncidentEvent.Change;
import io.connectops.incidents.domain.Incident;
import io.connectops.incidents.domain.LifecycleAction;
import io.connectops.incidents.domain.TimelineEntry.Kind;

/**
 * Applies a command from outside the API (a Slack button, a ServiceNow resolution or comment) through the same
 * lifecycle as the API. Nobody waits for an answer to tell them 409, so a move the lifecycle refuses is written on the
 * timeline as refused, with the reason, and changes nothing else: it is never forced, and the command counts as
 * applied (its outcome is the refusal), so it is not dead-lettered.
 */
@ApplicationScoped
public class CommandApplier {

    private static final Logger LOG = Logger.getLogger(CommandApplier.class);

    /** What a command did. */
    public enum Outcome { APPLIED, REFUSED }

    @Inject
    IncidentService incidents;

    @Inject
    Timeline timeline;

    @Inject
    IncidentEvents events;

    /** Applies the command in the caller's transaction; the incident must exist (the consumer checked). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Outcome apply(IncidentCommand command) {
        UUID id = UUID.fromString(command.incidentId());
        // Locked first, so that the refusal is decided on the state the change would apply to.
        Incident incident = incidents.lock(id);
        Actor actor = actorOf(command);
        Optional<String> refusal = switch (command.action()) {
            case ACKNOWLEDGE -> LifecycleAction.acknowledgeRefusalFor(incident);
            case RESOLVE -> LifecycleAction.RESOLVE.refusalFor(incident);
            case COMMENT -> Optional.empty();
        };
        if (refusal.isPresent()) {
            timeline.record(incident, Kind.COMMAND_REFUSED, actor,
                    describe(command) + " refused: " + refusal.get());
            LOG.infof("%s: %s command %s refused: %s", incident.reference(), command.action(), command.commandId(),
                    refusal.get());
            return Outcome.REFUSED;
        }
        switch (command.action()) {
            case ACKNOWLEDGE -> incidents.acknowledge(id, actor);
            case RESOLVE -> incidents.resolve(id, new IncidentCommands.Resolve(command.text()), actor);
            case COMMENT -> {
                timeline.record(incident, Kind.COMMENT, actor, command.text());
                events.publish(incident, Change.COMMENTED, command.text(), actor);
            }
        }
        return Outcome.APPLIED;
    }

    /** The person as the origin named them; a command without a display name shows its actor id. */
    static Actor actorOf(IncidentCommand command) {
        Actor actor = command.actor();
        return actor.name() == null || actor.name().isBlank() ? new Actor(actor.id(), actor.id()) : actor;
    }

    /** "Resolve from servicenow (INC0010001)": what was asked, and where. */
    static String describe(IncidentCommand command) {
        String action = command.action().name().charAt(0) + command.action().name().substring(1).toLowerCase();
        StringBuilder text = new StringBuilder(action);
        if (command.origin() != null && !command.origin().isBlank()) {
            text.append(" from ").append(command.origin());
            if (command.originRef() != null && !command.originRef().isBlank()) {
                text.append(" (").append(command.originRef()).append(')');
            }
        }
        return text.toString();
    }
}
