package io.connectops.scheduling.ops;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One tick (or untick) of a checklist item: the audit of who changed the checklist and when. */
@Entity
@Table(name = "ops_task_item_tick")
public class ItemTick extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "task_id")
    public UUID taskId;

    @Column(name = "item_index")
    public int itemIndex;

    public boolean done;

    @Column(name = "actor_id")
    public String actorId;

    @Column(name = "actor_name")
    public String actorName;

    @Column(name = "occurred_at")
    public Instant occurredAt;
}
