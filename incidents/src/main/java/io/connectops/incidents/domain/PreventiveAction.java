package io.connectops.incidents.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A measure from a review that keeps the incident from happening again, tracked until it is done. */
@Entity
@Table(name = "preventive_action")
public class PreventiveAction extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "incident_id")
    public UUID incidentId;

    public String description;

    public String owner;

    @Column(name = "due_date")
    public LocalDate dueDate;

    @Column(name = "completed_at")
    public Instant completedAt;

    @Column(name = "completed_by")
    public String completedBy;

    @Column(name = "created_at")
    public Instant createdAt;
}
