package io.connectops.scheduling.roster;

import java.time.Instant;
import java.time.LocalDate;
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

/** A generated schedule: solving in the background, then a draft that a supervisor publishes. */
@Entity
@Table(name = "schedule")
public class Schedule extends PanacheEntityBase {

    public enum Status {
        SOLVING, DRAFT, PUBLISHED, FAILED;

        public List<String> allowedActions() {
            return this == DRAFT ? List.of("publish") : List.of();
        }
    }

    /**
     * Agents needed on the phones in one interval; with the forecast load when the requirement came from one, so
     * that shortages can be weighed by their service-level cost.
     */
    public record Requirement(Instant start, int agents, Double contacts, Double ahtSeconds,
            Double serviceLevelSeconds) {
    }

    @Id
    public UUID id;

    @Column(name = "group_id")
    public UUID groupId;

    @Column(name = "from_date")
    public LocalDate fromDate;

    public int days;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "time_limit_seconds")
    public int timeLimitSeconds;

    public String score;

    public Boolean feasible;

    public Double coverage;

    @JdbcTypeCode(SqlTypes.JSON)
    public List<Requirement> requirement;

    @JdbcTypeCode(SqlTypes.JSON)
    public List<ScheduledShift> shifts;

    public String failure;

    @Column(name = "preference_report")
    @JdbcTypeCode(SqlTypes.JSON)
    public PreferenceReport preferenceReport;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "solved_at")
    public Instant solvedAt;

    @Column(name = "published_by")
    public String publishedBy;

    @Column(name = "published_at")
    public Instant publishedAt;
}
