package io.connectops.scheduling.people;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** Agents scheduled together against the volume of some queues, under one shift profile and one set of rules. */
@Entity
@Table(name = "staffing_group")
public class StaffingGroup extends PanacheEntityBase {

    @Id
    public UUID id;

    public String name;

    @Column(name = "instance_id")
    public String instanceId;

    @Column(name = "required_skills")
    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> requiredSkills;

    @Column(name = "queue_ids")
    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> queueIds;

    /** The lowest proficiency (1–5) per skill an agent needs to be scheduled in this group. */
    @Column(name = "min_proficiency")
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Integer> minProficiency;

    @Column(name = "shift_profile_id")
    public UUID shiftProfileId;

    @Column(name = "staff_rules_id")
    public UUID staffRulesId;

    @Column(name = "interval_minutes")
    public int intervalMinutes;

    @Column(name = "created_at")
    public Instant createdAt;
}
