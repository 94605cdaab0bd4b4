package io.connectops.scheduling.adherence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One agent status change as Amazon Connect reported it. */
@Entity
@Table(name = "agent_state")
public class AgentState extends PanacheEntityBase {

    @Id
    @Column(name = "event_id")
    public String eventId;

    @Column(name = "connect_id")
    public String connectId;

    @Column(name = "instance_id")
    public String instanceId;

    public String status;

    @Column(name = "routing_state")
    public String routingState;

    @Column(name = "changed_at")
    public Instant changedAt;
}
