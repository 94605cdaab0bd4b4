package io.connectops.ingest.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The last state seen of one agent of one source: a poll publishes only what differs from it. */
@Entity
@Table(name = "agent_state")
public class AgentState extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "source_id")
    public UUID sourceId;

    @Column(name = "agent_id")
    public String agentId;

    public String status;

    @Column(name = "routing_state")
    public String routingState;

    @Column(name = "changed_at")
    public Instant changedAt;

    public static String idOf(UUID sourceId, String agentId) {
        return sourceId + ":" + agentId;
    }

    public boolean differsFrom(String otherStatus, String otherRoutingState) {
        return !Objects.equals(status, otherStatus) || !Objects.equals(routingState, otherRoutingState);
    }
}
