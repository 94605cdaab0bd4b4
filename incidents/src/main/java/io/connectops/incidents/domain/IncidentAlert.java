package io.connectops.incidents.domain;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An alert attached to an incident. */
@Entity
@Table(name = "incident_alert")
@IdClass(IncidentAlert.Key.class)
public class IncidentAlert extends PanacheEntityBase {

    @Id
    @Column(name = "incident_id")
    public UUID incidentId;

    @Id
    public String fingerprint;

    @Column(name = "group_key")
    public String groupKey;

    @Column(name = "rule_id")
    public String ruleId;

    @Column(name = "rule_name")
    public String ruleName;

    @Column(name = "attached_at")
    public Instant attachedAt;

    public static class Key implements Serializable {
        public UUID incidentId;
        public String fingerprint;

        public Key() {
        }

        public Key(UUID incidentId, String fingerprint) {
            this.incidentId = incidentId;
            this.fingerprint = fingerprint;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(incidentId, key.incidentId)
                    && Objects.equals(fingerprint, key.fingerprint);
        }

        @Override
        public int hashCode() {
            return Objects.hash(incidentId, fingerprint);
        }
    }
}
