package io.connectops.notifications.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A notification channel: skeleton until notifications land. */
@Entity
@Table(name = "channel")
public class Channel extends PanacheEntityBase {

    @Id
    public UUID id;

    public String name;

    @Column(name = "created_at")
    public Instant createdAt;
}
