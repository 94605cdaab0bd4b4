package io.connectops.scheduling.ops;

import java.time.Instant;
import java.util.List;
import java.util.Map;
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

/** One occurrence of a template, with its checklist items. */
@Entity
@Table(name = "ops_task")
public class OpsTask extends PanacheEntityBase {

    public enum Status {
        OPEN, DONE;

        public List<String> allowedActions() {
            return this == OPEN ? List.of("complete", "complete-item", "tick", "untick") : List.of();
        }
    }

    public record Item(String text, boolean done, String notes, String completedBy, Instant completedAt) {
    }

    @Id
    public UUID id;

    @Column(name = "template_id")
    public UUID templateId;

    public String title;

    @Enumerated(EnumType.STRING)
    public OpsTaskTemplate.Kind kind;

    @Enumerated(EnumType.STRING)
    public OpsTaskTemplate.Priority priority;

    public String assignee;

    @Column(name = "scheduled_for")
    public Instant scheduledFor;

    @Column(name = "due_at")
    public Instant dueAt;

    @Enumerated(EnumType.STRING)
    public Status status;

    @JdbcTypeCode(SqlTypes.JSON)
    public List<Item> items;

    /** For report tasks: the figures of the period, computed when the task is created. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> report;

    public String notes;

    @Column(name = "completed_by")
    public String completedBy;

    @Column(name = "completed_at")
    public Instant completedAt;

    @Column(name = "overdue_published_at")
    public Instant overduePublishedAt;

    @Column(name = "created_at")
    public Instant createdAt;

    public boolean overdue(Instant now) {
        return status == Status.OPEN && now.isAfter(dueAt);
    }
}
