package io.connectops.incidents.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.connectops.contracts.Actor;
import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.IncidentEvent.Change;
import io.connectops.incidents.config.IncidentsConfig;
import io.connectops.incidents.domain.Incident;
import io.connectops.incidents.domain.IncidentAlert;
import io.connectops.incidents.domain.IncidentStatus;
import io.connectops.incidents.domain.TimelineEntry.Kind;

/**
 * Turns alerts into incidents: a firing alert attaches to the open incident of its fingerprint or group, reopens
 * one resolved moments ago, or opens a new one when its severity calls for it. Resolved alerts are recorded.
 */
@ApplicationScoped
public class AlertIntake {

    private static final Logger LOG = Logger.getLogger(AlertIntake.class);

    @Inject
    EntityManager entityManager;

    @Inject
    IncidentService incidents;

    @Inject
    Timeline timeline;

    @Inject
    IncidentEvents events;

    @Inject
    IncidentsConfig config;

    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(AlertEvent alert) {
        switch (alert.state()) {
            case FIRING -> firing(alert);
            case RESOLVED -> resolved(alert);
            default -> {
                // A pending alert has not held long enough to act on.
            }
        }
    }

    private void firing(AlertEvent alert) {
        if (alert.announcement() == AlertEvent.Announcement.REPEAT) {
            // A repeat re-announces a firing this service already acted on: it must not reopen a resolved incident,
            // nor open a new one after a cancelled or closed one.
            return;
        }
        serialiseWithItsGroup(alert);
        Actor actor = actorOf(alert);
        Optional<UUID> open = latestIncident(alert, IncidentStatus.OPEN);
        if (open.isPresent()) {
            Incident incident = incidents.lock(open.get());
            if (incident.status.isOpen()) {
                attachOrRecord(incident, alert, actor);
                return;
            }
        }
        Optional<UUID> recent = latestIncident(alert, List.of(IncidentStatus.RESOLVED));
        if (recent.isPresent()) {
            Incident incident = incidents.lock(recent.get());
            Instant windowStart = Instant.now().minus(config.alerts().reopenWindow());
            if (incident.status == IncidentStatus.RESOLVED && incident.resolvedAt != null
                    && incident.resolvedAt.isAfter(windowStart)) {
                incidents.reopen(incident, "alert " + describe(alert) + " fired again", actor);
                attachOrRecord(incident, alert, actor);
                return;
            }
        }
        if (config.alerts().openSeverities().contains(alert.severity())) {
            List<String> queues = new ArrayList<>();
            String queueId = alert.labels().get("queueId");
            if (queueId != null && !queueId.isBlank()) {
                queues.add(queueId);
            }
            String title = alert.summary() != null && !alert.summary().isBlank() ? alert.summary()
                    : alert.ruleName() != null ? alert.ruleName() : "Alert " + alert.fingerprint();
            Incident opened = incidents.openNew(truncate(title, 300), alert.description(), alert.severity(),
                    alert.summary(), queues, List.of(), alert.labels().get("instanceId"), Incident.Source.ALERT,
                    null, actor, incident -> {
                        link(incident, alert);
                        timeline.record(incident, Kind.ALERT_ATTACHED, actor, "Alert attached: " + describe(alert));
                    });
            LOG.infof("Alert %s opened incident %s", alert.fingerprint(), opened.reference());
        }
    }

    /**
     * The alerts of one group are keyed by fingerprint on ops.alerts.v1, so they reach different partitions and,
     * with several replicas, different processes at the same moment: each would find no open incident for the
     * group and open its own. A transaction-scoped advisory lock on the group makes the second wait for the first
     * to commit, after which it finds the incident and attaches to it.
     */
    private void serialiseWithItsGroup(AlertEvent alert) {
        String key = alert.groupKey() != null && !alert.groupKey().isBlank() ? "group:" + alert.groupKey()
                : "alert:" + alert.fingerprint();
        entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .setParameter("key", key).getSingleResult();
    }

    private void attachOrRecord(Incident incident, AlertEvent alert, Actor actor) {
        IncidentAlert existing = IncidentAlert.findById(new IncidentAlert.Key(incident.id, alert.fingerprint()));
        if (existing == null) {
            link(incident, alert);
            timeline.record(incident, Kind.ALERT_ATTACHED, actor, "Alert attached: " + describe(alert));
            incident.updatedAt = Instant.now();
            events.publish(incident, Change.ALERT_ATTACHED, alert.summary(), actor);
        } else {
            timeline.record(incident, Kind.ALERT_FIRED, actor, "Alert fired again: " + describe(alert));
        }
    }

    private void resolved(AlertEvent alert) {
        Optional<UUID> linked = latestIncident(alert, List.of(IncidentStatus.values()));
        linked.ifPresent(incidentId -> timeline.record(incidents.lock(incidentId), Kind.ALERT_RESOLVED,
                actorOf(alert), "Alert resolved: " + describe(alert)
                        + (alert.endsAt() == null ? "" : " at " + alert.endsAt())));
    }

    private void link(Incident incident, AlertEvent alert) {
        IncidentAlert link = new IncidentAlert();
        link.incidentId = incident.id;
        link.fingerprint = alert.fingerprint();
        link.groupKey = alert.groupKey();
        link.ruleId = alert.ruleId();
        link.ruleName = alert.ruleName();
        link.attachedAt = Instant.now();
        link.persistAndFlush();
    }

    /**
     * The most recent incident in one of these statuses that has this alert's fingerprint, or its group. Only the
     * id: the caller then locks the row and reads it fresh.
     */
    private Optional<UUID> latestIncident(AlertEvent alert, Collection<IncidentStatus> statuses) {
        boolean grouped = alert.groupKey() != null && !alert.groupKey().isBlank();
        var query = entityManager.createQuery("select i.id from Incident i where i.status in :statuses "
                        + "and exists (select 1 from IncidentAlert a where a.incidentId = i.id "
                        + "and (a.fingerprint = :fingerprint" + (grouped ? " or a.groupKey = :groupKey" : "") + ")) "
                        + "order by i.createdAt desc", UUID.class)
                .setParameter("statuses", statuses)
                .setParameter("fingerprint", alert.fingerprint())
                .setMaxResults(1);
        if (grouped) {
            query.setParameter("groupKey", alert.groupKey());
        }
        List<UUID> ids = query.getResultList();
        return ids.stream().findFirst();
    }

    private static Actor actorOf(AlertEvent alert) {
        return new Actor("alerting/" + (alert.ruleId() == null ? "unknown-rule" : alert.ruleId()),
                alert.ruleName() == null ? "Alerting" : alert.ruleName());
    }

    private static String describe(AlertEvent alert) {
        StringBuilder text = new StringBuilder();
        text.append(alert.ruleName() == null ? alert.fingerprint() : alert.ruleName());
        text.append(" [").append(alert.severity()).append(", ").append(alert.fingerprint()).append(']');
        if (alert.value() != null) {
            text.append(" value ").append(alert.value());
            if (alert.threshold() != null) {
                text.append(" (threshold ").append(alert.threshold()).append(')');
            }
        }
        if (alert.runbookUrl() != null) {
            text.append(", runbook ").append(alert.runbookUrl());
        }
        return text.toString();
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
