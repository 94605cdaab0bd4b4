package io.connectops.scheduling.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A contact-center agent: skeleton until scheduling lands. */
@Entity
@Table(name = "agent")
public class Agent extends PanacheEntityBase {

    @Id
    public UUID id;

    public String name;

    @Column(name = "created_at")
    public Instant createdAt;
}
