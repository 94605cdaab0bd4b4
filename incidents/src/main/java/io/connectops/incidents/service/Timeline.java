package io.connectops.incidents.service;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.hibernate.jpa.HibernateHints;

import io.connectops.contracts.Actor;
import io.connectops.incidents.domain.Incident;
import io.connectops.incidents.domain.TimelineEntry;
import io.connectops.platform.rest.Page;
import io.quarkus.panache.common.Sort;

/** Writes and reads the append-only timeline that documents an incident. */
@ApplicationScoped
public class Timeline {

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

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<TimelineEntry> of(UUID incidentId, TimelineEntry.Kind kind, int page, int size) {
        var query = kind == null
                ? TimelineEntry.<TimelineEntry>find("incidentId", Sort.by("occurredAt").and("id"), incidentId)
                : TimelineEntry.<TimelineEntry>find("incidentId = ?1 and kind = ?2", Sort.by("occurredAt").and("id"),
                        incidentId, kind);
        return Pages.of(query.withHint(HibernateHints.HINT_READ_ONLY, true).page(page, size)
                .list(), page, size, query::count);
    }
}
