package io.connectops.incidents.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.connectops.contracts.Severity;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One line of an incident's append-only timeline (the table refuses updates and deletes). */
@Entity
@Table(name = "timeline_entry")
public class TimelineEntry extends PanacheEntityBase {

    public enum Kind {
        OPENED, ACKNOWLEDGED, STATUS_CHANGED, SEVERITY_CHANGED, NOTE, STATUS_UPDATE, ACTION_ADDED, ACTION_UPDATED,
        ALERT_ATTACHED, ALERT_FIRED, ALERT_RESOLVED, ESCALATED, DELIVERY, REVIEW_UPDATED,
        PREVENTIVE_ACTION_COMPLETED, MERGED,
        /** A comment from outside the API (ServiceNow, Slack), by the person who wrote it there. */
        COMMENT,
        /** A command from outside the API that the lifecycle refused, with the reason; nothing else changed. */
        COMMAND_REFUSED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "incident_id")
    public UUID incidentId;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    @Enumerated(EnumType.STRING)
    public Kind kind;

    @Column(name = "actor_id")
    public String actorId;

    @Column(name = "actor_name")
    public String actorName;

    public String text;

    /** The incident's status right after this entry. */
    @Enumerated(EnumType.STRING)
    public IncidentStatus status;

    @Enumerated(EnumType.STRING)
    public Severity severity;

    /** The other incident of a merge: where the duplicate went, or which duplicate came in. */
    @Column(name = "related_incident_id")
    public UUID relatedIncidentId;
}
