package io.connectops.notifications.delivery;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.connectops.notifications.senders.ChannelType;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One event to one channel. Stored before it is sent, unique by {@link #idempotencyKey} (event id + channel), so a
 * redelivered event adds nothing. Deliveries of one {@link #threadKey} on one channel are sent in {@link #seq} order.
 */
@Entity
@Table(name = "delivery")
public class Delivery extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(insertable = false, updatable = false)
    public Long seq;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    @Column(name = "source_event_id")
    public String sourceEventId;

    @Column(name = "source_event_type")
    public String sourceEventType;

    @Column(name = "event_time")
    public Instant eventTime;

    @Column(name = "incident_id")
    public String incidentId;

    @Column(name = "thread_key")
    public String threadKey;

    public String severity;

    /** The event's data as received, rendered per channel when sent. */
    public String payload;

    @Column(name = "channel_id")
    public UUID channelId;

    @Column(name = "channel_type")
    @Enumerated(EnumType.STRING)
    public ChannelType channelType;

    @Column(name = "route_id")
    public UUID routeId;

    @Enumerated(EnumType.STRING)
    public DeliveryStatus status;

    public int attempts;

    @Column(name = "max_attempts")
    public int maxAttempts;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "claimed_until")
    public Instant claimedUntil;

    /**
     * When an attempt started whose outcome is not recorded yet: set just before the request leaves, cleared when
     * the receiver's answer is recorded, kept when none came. Set on a claimed delivery, it means the last sender
     * died or was never answered, and the message may have arrived.
     */
    @Column(name = "send_started_at")
    public Instant sendStartedAt;

    /** How it takes part in a shared conversation ({@code Conversations.Role}), or null: as every other event. */
    public String conversation;

    /** The delivery whose parent message listed this alert already (an alert group's announcement), or null. */
    @Column(name = "covered_by")
    public UUID coveredBy;

    @Column(name = "external_ref")
    public String externalRef;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
