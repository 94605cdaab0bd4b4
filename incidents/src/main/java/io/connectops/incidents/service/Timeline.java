package io.connectops.incidents.service;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.connectops.contracts.Actor;
import io.connectops.incidents.domain.Incident;
import io.connectops.incidents.domain.TimelineEntry;
import io.connectops.platform.rest.Page;

/** Writes and reads the append-only timeline that documents an incident. */
@ApplicationScoped
public class Timeline {

    @Inject
    TimelineStore store;

    @Transactional(Transactional.TxType.MANDATORY)
    public TimelineEntry record(Incident incident, TimelineEntry.Kind kind, Actor actor, String text) {
        return record(incident, kind, actor, text, null);
    }

    /** An entry that links another incident (a merge), so that readers can follow it there. */
    @Transactional(Transactional.TxType.MANDATORY)
    public TimelineEntry record(Incident incident, TimelineEntry.Kind kind, Actor actor, String text,
            UUID relatedIncidentId) {
        TimelineEntry entry = new TimelineEntry();
        entry.incidentId = incident.id;
        entry.occurredAt = Instant.now();
        entry.kind = kind;
        entry.actorId = actor.id();
        entry.actorName = actor.name();
        entry.text = text;
        entry.status = incident.status;
        entry.severity = incident.severity;
        entry.relatedIncidentId = relatedIncidentId;
        entry.persist();
        return entry;
    }

    /** A page of the incident's timeline in the order it happened, only entries of {@code kind} unless it is null. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<TimelineEntry> of(UUID incidentId, TimelineEntry.Kind kind, int page, int size) {
        return store.page(incidentId, kind, page, size);
    }
}
