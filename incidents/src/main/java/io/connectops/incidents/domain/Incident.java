package io.connectops.incidents.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An incident: skeleton until the lifecycle lands. */
@Entity
@Table(name = "incident")
public class Incident extends PanacheEntityBase {

    @Id
    public UUID id;

    public String name;

    @Column(name = "created_at")
    public Instant createdAt;
}
