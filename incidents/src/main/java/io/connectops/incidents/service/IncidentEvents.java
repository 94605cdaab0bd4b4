package io.connectops.incidents.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.connectops.contracts.Actor;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventSources;
import io.connectops.contracts.IncidentEvent;
import io.connectops.contracts.IncidentEvent.Change;
import io.connectops.contracts.Topics;
import io.connectops.incidents.config.IncidentsConfig;
import io.connectops.incidents.domain.Incident;
import io.connectops.incidents.domain.IncidentAlert;
import io.connectops.platform.outbox.Outbox;

/** Announces incident changes on {@code ops.incidents.v1}, through the outbox, in the transaction of the change. */
@ApplicationScoped
public class IncidentEvents {

    public static final String SOURCE = EventSources.INCIDENTS;

    @Inject
    Outbox outbox;

    @Inject
    IncidentsConfig config;

    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(Incident incident, Change change, String message, Actor actor) {
        publish(incident, change, message, null, actor);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(Incident incident, Change change, String message, String escalationTarget, Actor actor) {
        IncidentEvent event = eventOf(incident, change, message, escalationTarget, null, actor);
        outbox.publish(Topics.INCIDENTS, event.incidentId(),
                CloudEvent.of(SOURCE, event.type(), event.incidentId(), event));
    }

    /**
     * Announces an acknowledgement (the API, the console, a Slack button) as {@link Change#ACKNOWLEDGED}; the actor
     * says who, the message says it in words.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void acknowledged(Incident incident, Actor actor) {
        publish(incident, Change.ACKNOWLEDGED, "Acknowledged by " + actor.name(), actor);
    }

    /**
     * Asks a remediation hook to run an automated mitigation action. The CloudEvent id is the action id, so the
     * hook can report back on it and deduplicate.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void requestAction(Incident incident, String actionId, String description, Actor actor) {
        IncidentEvent event = eventOf(incident, Change.ACTION_REQUESTED, description, null, actionId, actor);
        outbox.publish(Topics.INCIDENTS, event.incidentId(), CloudEvent.of(actionId, SOURCE, event.type(),
                event.incidentId(), event.occurredAt(), event));
    }

    private IncidentEvent eventOf(Incident incident, Change change, String message, String escalationTarget,
            String actionId, Actor actor) {
        List<String> fingerprints = IncidentAlert.<IncidentAlert>list("incidentId", incident.id).stream()
                .map(alert -> alert.fingerprint).sorted().toList();
        return new IncidentEvent(incident.id.toString(), incident.reference(), change, incident.status.name(),
                incident.severity, incident.title, incident.impact, message, incident.queues, fingerprints,
                incident.commander, incident.escalationLevel, escalationTarget, actor, Instant.now(),
                urlOf(incident), actionId, incident.mergedInto == null ? null : incident.mergedInto.toString());
    }

    public String urlOf(Incident incident) {
        String base = config.publicUrl().endsWith("/") ? config.publicUrl() : config.publicUrl() + "/";
        return base + "incidents/" + incident.id;
    }
}
