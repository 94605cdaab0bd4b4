package io.connectops.scheduling.people;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
@Table(name = "time_off")
public class TimeOffEntry extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "agent_id")
    public UUID agentId;

    @Column(name = "starts_at")
    public Instant startsAt;

    @Column(name = "ends_at")
    public Instant endsAt;

    public String reason;

    @Column(name = "created_at")
    public Instant createdAt;
}
