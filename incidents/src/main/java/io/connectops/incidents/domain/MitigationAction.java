package io.connectops.incidents.domain;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** Something done to stop or reduce the impact; an automated one is requested from a remediation hook by event. */
@Entity
@Table(name = "mitigation_action")
public class MitigationAction extends PanacheEntityBase {

    public enum Status {
        PLANNED, IN_PROGRESS, DONE, FAILED;

        public boolean isFinished() {
            return this == DONE || this == FAILED;
        }
    }

    /** The action endpoints of a mitigation action and the statuses they leave from. */
    public enum Step {
        START("start", EnumSet.of(Status.PLANNED), Status.IN_PROGRESS),
        COMPLETE("complete", EnumSet.of(Status.PLANNED, Status.IN_PROGRESS), Status.DONE),
        FAIL("fail", EnumSet.of(Status.PLANNED, Status.IN_PROGRESS), Status.FAILED);

        private final String path;
        private final Set<Status> from;
        private final Status to;

        Step(String path, Set<Status> from, Status to) {
            this.path = path;
            this.from = from;
            this.to = to;
        }

        public String path() {
            return path;
        }

        public Status target() {
            return to;
        }

        public boolean allowedFrom(Status status) {
            return from.contains(status);
        }
    }

    @Id
    public UUID id;

    @Column(name = "incident_id")
    public UUID incidentId;

    public String description;

    public String owner;

    @Enumerated(EnumType.STRING)
    public Status status;

    public String result;

    public boolean automated;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
