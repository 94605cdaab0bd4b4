package io.connectops.alerting.alerts;

import java.time.Instant;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.DynamicUpdate;

import io.connectops.alerting.rules.JsonColumns;
import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.Severity;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * The current state of one alert (a rule on a series), and what subscribers of ops.alerts.v1 were last told. Updates
 * write only the columns they change: the evaluator (state) and the group announcer (what was announced) work on the
 * same rows in separate transactions.
 */
@Entity
@DynamicUpdate
@Table(name = "alert")
public class Alert extends PanacheEntityBase {

    @Id
    public String fingerprint;
    @Column(name = "rule_id")
    public String ruleId;
    @Column(name = "rule_name")
    public String ruleName;
    @Column(name = "series_key")
    public String seriesKey;
    @Column(name = "group_key")
    public String groupKey;
    @Enumerated(EnumType.STRING)
    public AlertEvent.State state;
    @Enumerated(EnumType.STRING)
    public Severity severity;
    @Column(name = "instance_id")
    public String instanceId;
    @Column(name = "queue_id")
    public String queueId;
    @Convert(converter = JsonColumns.Labels.class)
    public Map<String, String> labels;
    public Double value;
    public Double threshold;
    public String reason;
    @Column(name = "starts_at")
    public Instant startsAt;
    @Column(name = "ends_at")
    public Instant endsAt;
    /** Event time of the latest transition. */
    @Column(name = "changed_at")
    public Instant changedAt;
    /** The silence id, or {@code inhibited-by:<fingerprint>}, that kept the latest transition from being published. */
    @Column(name = "suppressed_by")
    public String suppressedBy;
    /** The last state published on ops.alerts.v1, null when nothing was. */
    @Enumerated(EnumType.STRING)
    @Column(name = "published_state")
    public AlertEvent.State publishedState;
    /** Wall-clock time of the latest FIRING announcement. */
    @Column(name = "announced_at")
    public Instant announcedAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
