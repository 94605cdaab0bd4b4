package io.connectops.alerting.alerts;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.connectops.contracts.AlertEvent;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One transition of an alert, as evaluated; {@link #published} tells whether subscribers were told. */
@Entity
@Table(name = "alert_history")
public class AlertHistoryEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String fingerprint;
    @Enumerated(EnumType.STRING)
    public AlertEvent.State state;
    @Column(name = "occurred_at")
    public Instant occurredAt;
    public Double value;
    public Double threshold;
    public String reason;
    @Column(name = "suppressed_by")
    public String suppressedBy;
    public boolean published;
    @Column(name = "event_id")
    public String eventId;
    @Column(name = "recorded_at")
    public Instant recordedAt;
}
