package io.connectops.notifications.routing;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A routing rule. Empty criteria match everything; an event type ending in {@code *} matches by prefix. Routes are
 * tried by {@link #position}; the first match wins unless it says {@link #continueMatching}.
 */
@Entity
@Table(name = "route")
public class Route extends PanacheEntityBase {

    @Id
    public UUID id;

    public String name;

    public int position;

    public boolean enabled = true;

    @Column(name = "event_types")
    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> eventTypes = new ArrayList<>();

    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> severities = new ArrayList<>();

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> labels = new HashMap<>();

    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> queues = new ArrayList<>();

    @Column(name = "channel_ids")
    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> channelIds = new ArrayList<>();

    @Column(name = "channel_types")
    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> channelTypes = new ArrayList<>();

    @Column(name = "continue_matching")
    public boolean continueMatching;

    /** ISO-8601 duration; a firing alert already notified on a channel within it is not notified again. */
    @Column(name = "repeat_interval")
    public String repeatInterval;

    /** Collect matching notices for the weekly digest instead of sending each at once. */
    public boolean digest;

    /**
     * Alerts this route sends keep conversations of their own on chat channels: never taken into the thread of the
     * incident they opened or joined, nor taken over by it.
     */
    @Column(name = "separate_alert_messages")
    public boolean separateAlertMessages;

    @Column(name = "quiet_from")
    public LocalTime quietFrom;

    @Column(name = "quiet_until")
    public LocalTime quietUntil;

    @Column(name = "quiet_zone")
    public String quietZone;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public Duration repeatIntervalOrNull() {
        return repeatInterval == null ? null : Duration.parse(repeatInterval);
    }
}
