package io.connectops.incidents.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.connectops.contracts.Severity;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An incident, with one timestamp per lifecycle step so that MTTA, MTTM and MTTR can be measured. */
@Entity
@Table(name = "incident")
public class Incident extends PanacheEntityBase {

    public enum Source { MANUAL, ALERT }

    @Id
    public UUID id;

    public long number;

    public String title;

    public String description;

    @Enumerated(EnumType.STRING)
    public IncidentStatus status;

    @Enumerated(EnumType.STRING)
    public Severity severity;

    public String impact;

    /** The assessment: what is known about the incident when it is assessed. */
    public String summary;

    public String commander;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "text[]")
    public List<String> queues = new ArrayList<>();

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "text[]")
    public List<String> services = new ArrayList<>();

    @Column(name = "instance_id")
    public String instanceId;

    @Enumerated(EnumType.STRING)
    public Source source;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    /** What stopped the impact. */
    public String mitigation;

    public String resolution;

    @Column(name = "cancel_reason")
    public String cancelReason;

    @Column(name = "escalation_level")
    public int escalationLevel;

    @Column(name = "reopen_count")
    public int reopenCount;

    @Column(name = "created_by_id")
    public String createdById;

    @Column(name = "created_by_name")
    public String createdByName;

    @Column(name = "created_at")
    public Instant createdAt;

    /** When someone took the incident on (acknowledge, or assess without acknowledging first): MTTA ends here. */
    @Column(name = "acknowledged_at")
    public Instant acknowledgedAt;

    @Column(name = "acknowledged_by_id")
    public String acknowledgedById;

    @Column(name = "acknowledged_by_name")
    public String acknowledgedByName;

    @Column(name = "assessed_at")
    public Instant assessedAt;

    @Column(name = "mitigated_at")
    public Instant mitigatedAt;

    @Column(name = "resolved_at")
    public Instant resolvedAt;

    @Column(name = "review_started_at")
    public Instant reviewStartedAt;

    @Column(name = "closed_at")
    public Instant closedAt;

    @Column(name = "cancelled_at")
    public Instant cancelledAt;

    @Column(name = "reopened_at")
    public Instant reopenedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** For a duplicate cancelled by a merge: the incident that absorbed it. */
    @Column(name = "merged_into")
    public UUID mergedInto;

    /** Open and nobody has acknowledged it yet: the acknowledgement SLA is running. */
    public boolean awaitsAcknowledgement() {
        return acknowledgedAt == null && status.isOpen();
    }

    /** The human number people say on calls: INC-000042. */
    public String reference() {
        return referenceOf(number);
    }

    /** As {@code String.format("INC-%06d", number)}, which cost a tenth of a single incident's read. */
    public static String referenceOf(long number) {
        if (number < 0) {
            return String.format(Locale.ROOT, "INC-%06d", number);
        }
        String digits = Long.toString(number);
        return digits.length() >= 6 ? "INC-" + digits : "INC-" + "000000".substring(digits.length()) + digits;
    }
}
