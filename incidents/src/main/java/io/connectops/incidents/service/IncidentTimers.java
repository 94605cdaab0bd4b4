package io.connectops.incidents.service;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.connectops.incidents.config.IncidentsConfig;
import io.connectops.incidents.domain.Incident;
import io.connectops.incidents.domain.TimerKind;

/**
 * Arms and re-arms the timers of {@code incident_timer}. Callers hold the incident's row lock, and so does the job
 * that fires timers: every change to an incident's timers is serialised by that lock.
 */
@ApplicationScoped
public class IncidentTimers {

    static final String PENDING = "PENDING";
    static final String FIRED = "FIRED";
    static final String SKIPPED = "SKIPPED";

    @Inject
    EntityManager entityManager;

    @Inject
    IncidentsConfig config;

    /** The SLA timers of a new incident, measured from its creation. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void armSla(Incident incident) {
        IncidentsConfig.SeveritySla sla = config.slaOf(incident.severity);
        arm(incident.id, TimerKind.ASSESS_SLA, incident.createdAt.plus(sla.assess()));
        arm(incident.id, TimerKind.RESOLVE_SLA, incident.createdAt.plus(sla.resolve()));
    }

    /** A new severity has other SLAs: the timers that have not fired yet move to the new due times. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void severityChanged(Incident incident) {
        IncidentsConfig.SeveritySla sla = config.slaOf(incident.severity);
        moveIfPending(incident.id, TimerKind.ASSESS_SLA, incident.createdAt.plus(sla.assess()));
        moveIfPending(incident.id, TimerKind.RESOLVE_SLA, incident.createdAt.plus(sla.resolve()));
    }

    /** A reopened incident is open again: its resolve SLA, if it was skipped because it was resolved, runs again. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void reopened(Incident incident) {
        moveState(incident.id, TimerKind.RESOLVE_SLA, SKIPPED, PENDING);
    }

    /** Acknowledged: the acknowledgement SLA ({@link TimerKind#ASSESS_SLA}) no longer escalates. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void acknowledged(Incident incident) {
        moveState(incident.id, TimerKind.ASSESS_SLA, PENDING, SKIPPED);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void arm(UUID incidentId, TimerKind kind, Instant dueAt) {
        entityManager.createNativeQuery("INSERT INTO incident_timer (incident_id, kind, due_at, state) "
                        + "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (incident_id, kind) "
                        + "DO UPDATE SET due_at = EXCLUDED.due_at, state = EXCLUDED.state, fired_at = NULL")
                .setParameter(1, incidentId).setParameter(2, kind.name()).setParameter(3, dueAt)
                .setParameter(4, PENDING)
                .executeUpdate();
    }

    private void moveState(UUID incidentId, TimerKind kind, String from, String to) {
        entityManager.createNativeQuery("UPDATE incident_timer SET state = ?1, fired_at = NULL "
                        + "WHERE incident_id = ?2 AND kind = ?3 AND state = ?4")
                .setParameter(1, to).setParameter(2, incidentId).setParameter(3, kind.name()).setParameter(4, from)
                .executeUpdate();
    }

    private void moveIfPending(UUID incidentId, TimerKind kind, Instant dueAt) {
        entityManager.createNativeQuery("UPDATE incident_timer SET due_at = ?1 "
                        + "WHERE incident_id = ?2 AND kind = ?3 AND state = ?4")
                .setParameter(1, dueAt).setParameter(2, incidentId).setParameter(3, kind.name())
                .setParameter(4, PENDING)
                .executeUpdate();
    }
}
