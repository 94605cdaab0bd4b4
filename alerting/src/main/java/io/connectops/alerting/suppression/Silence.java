package io.connectops.alerting.suppression;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * Mutes the alerts whose labels match every matcher between start and end. Maintenance windows from scheduling
 * become silences too, identified by their window id.
 */
@Entity
@Table(name = "silence")
public class Silence extends PanacheEntityBase {

    @Id
    public String id;
    @Convert(converter = MatchersColumn.class)
    public List<LabelMatcher> matchers = new ArrayList<>();
    @Column(name = "starts_at")
    public Instant startsAt;
    @Column(name = "ends_at")
    public Instant endsAt;
    public String comment;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "maintenance_window_id")
    public String maintenanceWindowId;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public SilenceSpec toSpec() {
        return new SilenceSpec(id, matchers, startsAt, endsAt);
    }
}
