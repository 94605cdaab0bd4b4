package io.connectops.scheduling.ops;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * Planned work on instances or queues: announced ahead by its lead time, running between start and end (alerting
 * silences matching alerts), then its outcome documented.
 */
@Entity
@Table(name = "maintenance_window")
public class MaintenanceWindow extends PanacheEntityBase {

    public enum Status {
        SCHEDULED, ANNOUNCED, IN_PROGRESS, ENDED, DOCUMENTED, CANCELLED;

        public List<String> allowedActions() {
            switch (this) {
                case SCHEDULED:
                case ANNOUNCED:
                    return List.of("cancel");
                case ENDED:
                    return List.of("document");
                default:
                    return List.of();
            }
        }
    }

    @Id
    public UUID id;

    public String title;

    public String description;

    @Column(name = "instance_ids")
    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> instanceIds;

    @Column(name = "queue_ids")
    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> queueIds;

    @Column(name = "starts_at")
    public Instant startsAt;

    @Column(name = "ends_at")
    public Instant endsAt;

    public String owner;

    @Column(name = "lead_time_minutes")
    public int leadTimeMinutes;

    @Enumerated(EnumType.STRING)
    public Status status;

    public String outcome;

    @Column(name = "announced_at")
    public Instant announcedAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    @Column(name = "documented_by")
    public String documentedBy;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_at")
    public Instant createdAt;

    public Instant announceAt() {
        return startsAt.minusSeconds(leadTimeMinutes * 60L);
    }
}
