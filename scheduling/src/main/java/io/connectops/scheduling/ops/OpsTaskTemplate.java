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

/** A recurring operational task: a checklist or a report, due on a Quartz cron in a time zone. */
@Entity
@Table(name = "ops_task_template")
public class OpsTaskTemplate extends PanacheEntityBase {

    public enum Kind { CHECKLIST, REPORT }

    public enum Priority { HIGH, MEDIUM, LOW }

    @Id
    public UUID id;

    public String name;

    public String description;

    @Enumerated(EnumType.STRING)
    public Kind kind;

    @Enumerated(EnumType.STRING)
    public Priority priority;

    /** Quartz syntax with seconds, e.g. {@code 0 0 8 ? * MON-FRI}. */
    public String cron;

    @Column(name = "time_zone")
    public String timeZone;

    @Column(name = "due_after_minutes")
    public int dueAfterMinutes;

    public String assignee;

    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> checklist;

    /** A checklist that lists the incidents of the night before on each of its tasks (the start-of-day check). */
    @Column(name = "overnight_incidents")
    public boolean overnightIncidents;

    public boolean active;

    @Column(name = "created_at")
    public Instant createdAt;
}
