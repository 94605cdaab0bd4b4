package io.connectops.alerting.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.connectops.contracts.Severity;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An alert rule as administrators write it. Durations are ISO-8601 text, exactly as the API takes them. */
@Entity
@Table(name = "alert_rule")
public class AlertRule extends PanacheEntityBase {

    @Id
    public String id;
    public String name;
    public String metric;
    @Column(name = "instance_id")
    public String instanceId;
    @Column(name = "queue_id")
    public String queueId;
    public String channel;
    @Enumerated(EnumType.STRING)
    public Aggregation aggregation;
    @Column(name = "eval_window")
    public String window;
    @Enumerated(EnumType.STRING)
    public ThresholdComparator comparator;
    public double threshold;
    @Column(name = "for_duration")
    public String forDuration;
    @Column(name = "keep_firing_for")
    public String keepFiringFor;
    @Enumerated(EnumType.STRING)
    @Column(name = "no_data")
    public NoDataPolicy noData;
    @Enumerated(EnumType.STRING)
    public Severity severity;
    @Convert(converter = JsonColumns.Labels.class)
    public Map<String, String> labels = new HashMap<>();
    public String summary;
    public String description;
    @Column(name = "runbook_url")
    public String runbookUrl;
    @Column(name = "denominator_metric")
    public String denominatorMetric;
    /** Grouping timers (ISO-8601); null takes the service defaults. */
    @Column(name = "group_wait")
    public String groupWait;
    @Column(name = "group_interval")
    public String groupInterval;
    @Column(name = "repeat_interval")
    public String repeatInterval;
    /** The unit samples must have (rules on pushed custom metrics declare it); null takes the catalogue's. */
    public String unit;
    public boolean enabled;
    public boolean seeded;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public RuleSpec toSpec() {
        return new RuleSpec(id, name, metric, instanceId, queueId, channel, aggregation,
                window == null ? 0 : Duration.parse(window).toMillis(), comparator, threshold,
                Duration.parse(forDuration).toMillis(), Duration.parse(keepFiringFor).toMillis(), noData, severity,
                labels, summary, description, runbookUrl, denominatorMetric, durationOrNull(groupWait),
                durationOrNull(groupInterval), durationOrNull(repeatInterval), unit);
    }

    private static Duration durationOrNull(String text) {
        return text == null ? null : Duration.parse(text);
    }
}
