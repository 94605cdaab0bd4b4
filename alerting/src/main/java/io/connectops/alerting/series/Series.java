package io.connectops.alerting.series;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The latest sample of one series, as alerting last saw it. */
@Entity
@Table(name = "series_latest")
public class Series extends PanacheEntityBase {

    @Id
    @Column(name = "series_key")
    public String seriesKey;

    @Column(name = "instance_id")
    public String instanceId;

    @Column(name = "queue_id")
    public String queueId;

    public String channel;

    @Column(name = "agent_id")
    public String agentId;

    public String metric;

    public Double value;

    public String unit;

    @Column(name = "sample_time")
    public Instant sampleTime;

    /** Samples applied to this series; a redelivered event does not count twice. */
    @Column(name = "samples_applied")
    public long samplesApplied;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
