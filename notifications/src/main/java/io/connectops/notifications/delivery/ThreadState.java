package io.connectops.notifications.delivery;

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

/**
 * The receiver's handle on one conversation (an incident or an alert) on one channel: the Slack parent message
 * ({@code ts} + channel id) that later messages thread under and that is updated, or the ServiceNow {@code sys_id}.
 */
@Entity
@Table(name = "thread_state")
@IdClass(ThreadState.Key.class)
public class ThreadState extends PanacheEntityBase {

    @Id
    @Column(name = "channel_id")
    public UUID channelId;

    @Id
    @Column(name = "thread_key")
    public String threadKey;

    @Column(name = "external_channel")
    public String externalChannel;

    @Column(name = "parent_ref")
    public String parentRef;

    @Column(name = "external_number")
    public String externalNumber;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public static ThreadState find(UUID channelId, String threadKey) {
        return findById(new Key(channelId, threadKey));
    }

    public static class Key implements Serializable {
        public UUID channelId;
        public String threadKey;

        public Key() {
        }

        public Key(UUID channelId, String threadKey) {
            this.channelId = channelId;
            this.threadKey = threadKey;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(channelId, key.channelId)
                    && Objects.equals(threadKey, key.threadKey);
        }

        @Override
        public int hashCode() {
            return Objects.hash(channelId, threadKey);
        }
    }
}
