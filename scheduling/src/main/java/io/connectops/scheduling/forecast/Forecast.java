package io.connectops.scheduling.forecast;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A forecast of contacts and handle time per interval for one queue, with its hold-out accuracy. */
@Entity
@Table(name = "forecast")
public class Forecast extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "queue_id")
    public String queueId;

    @Column(name = "interval_seconds")
    public int intervalSeconds;

    /** Start of the first forecast interval; interval i starts at {@code startsAt + i·intervalSeconds}. */
    @Column(name = "starts_at")
    public Instant startsAt;

    public String method;

    public Double alpha;
    public Double delta;
    public Double omega;
    public Double phi;

    @Column(name = "history_periods")
    public int historyPeriods;

    @Column(name = "holdout_periods")
    public int holdoutPeriods;

    /** Null when the history was too short to hold a week out. */
    public Double wape;

    public Double bias;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public double[] contacts;

    @Column(name = "aht_seconds")
    @JdbcTypeCode(SqlTypes.ARRAY)
    public double[] ahtSeconds;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_at")
    public Instant createdAt;

    public Instant intervalStart(int index) {
        return startsAt.plusSeconds((long) index * intervalSeconds);
    }
}
