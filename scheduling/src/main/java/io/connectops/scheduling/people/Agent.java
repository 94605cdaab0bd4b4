package io.connectops.scheduling.people;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An agent with skills and their proficiency (1–5), in at most one staffing group. */
@Entity
@Table(name = "agent")
public class Agent extends PanacheEntityBase {

    @Id
    public UUID id;

    /** The agent's id in Amazon Connect, as carried by agent state events. */
    @Column(name = "connect_id")
    public String connectId;

    public String name;

    @Column(name = "group_id")
    public UUID groupId;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Integer> skills;

    public boolean active;

    /** Wishes the solver honours where the agents are to spare; approved days off are time off instead. */
    @JdbcTypeCode(SqlTypes.JSON)
    public ShiftPreferences preferences;

    @Column(name = "created_at")
    public Instant createdAt;
}
