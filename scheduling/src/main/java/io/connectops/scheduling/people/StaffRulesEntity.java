package io.connectops.scheduling.people;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
@Table(name = "staff_rules")
public class StaffRulesEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    public String name;

    @Column(name = "min_rest_minutes")
    public int minRestMinutes;

    @Column(name = "max_consecutive_days")
    public int maxConsecutiveDays;

    @Column(name = "min_minutes_per_day")
    public int minMinutesPerDay;

    @Column(name = "max_minutes_per_day")
    public int maxMinutesPerDay;

    @Column(name = "min_minutes_per_week")
    public int minMinutesPerWeek;

    @Column(name = "max_minutes_per_week")
    public int maxMinutesPerWeek;

    @Column(name = "max_minutes_without_break")
    public int maxMinutesWithoutBreak;

    @Column(name = "created_at")
    public Instant createdAt;

    public StaffRules toRules() {
        return new StaffRules(minRestMinutes, maxConsecutiveDays, minMinutesPerDay, maxMinutesPerDay,
                minMinutesPerWeek, maxMinutesPerWeek, maxMinutesWithoutBreak);
    }
}
