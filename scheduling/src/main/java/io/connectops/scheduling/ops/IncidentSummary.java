package io.connectops.scheduling.ops;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * The latest known state of an incident owned by the incidents service, kept from {@code ops.incidents.v1} so
 * that checklists can list the incidents of the night before.
 */
@Entity
@Table(name = "incident_summary")
public class IncidentSummary extends PanacheEntityBase {

    /**
     * Incident statuses after which the impact is over. Any other status counts as open, so that a status the
     * incidents service adds later shows up on the checklist rather than vanishing from it.
     */
    public static final Set<String> OVER = Set.of("RESOLVED", "POST_INCIDENT", "CLOSED", "CANCELLED");

    @Id
    @Column(name = "incident_id")
    public String incidentId;

    public String reference;

    public String title;

    public String severity;

    public String status;

    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> queues;

    @Column(name = "opened_at")
    public Instant openedAt;

    /** When the incident stopped being open; null while it is open (a reopened incident is open again). */
    @Column(name = "resolved_at")
    public Instant resolvedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public static boolean isOver(String status) {
        return OVER.contains(status);
    }
}
