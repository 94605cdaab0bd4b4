package io.connectops.scheduling.people;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A stored shift profile; {@link #toProfile()} gives the solver's view of it. */
@Entity
@Table(name = "shift_profile")
public class ShiftProfileEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    public String name;

    @Column(name = "time_zone")
    public String timeZone;

    @JdbcTypeCode(SqlTypes.JSON)
    public List<DayOfWeek> days;

    @Column(name = "earliest_start")
    public LocalTime earliestStart;

    @Column(name = "latest_end")
    public LocalTime latestEnd;

    @Column(name = "lengths_minutes")
    @JdbcTypeCode(SqlTypes.JSON)
    public List<Integer> lengthsMinutes;

    @Column(name = "start_step_minutes")
    public int startStepMinutes;

    @JdbcTypeCode(SqlTypes.JSON)
    public List<BreakRule> breaks;

    @Column(name = "break_variants")
    public int breakVariants;

    @Column(name = "created_at")
    public Instant createdAt;

    public ShiftProfile toProfile() {
        return new ShiftProfile(ZoneId.of(timeZone), EnumSet.copyOf(days), earliestStart, latestEnd,
                lengthsMinutes, startStepMinutes, breaks, breakVariants);
    }
}
