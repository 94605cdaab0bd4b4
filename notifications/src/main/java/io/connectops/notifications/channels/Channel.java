package io.connectops.notifications.channels;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.jboss.logging.Logger;

import io.connectops.notifications.senders.ChannelType;
import io.connectops.notifications.senders.SendJob;
import io.quarkus.arc.Arc;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A receiver of notifications. Its secrets never leave the service: no API view, no log line shows them. */
@Entity
@Table(name = "channel")
public class Channel extends PanacheEntityBase {

    /** What a delivery or a test send to a channel whose secrets cannot be opened says. */
    public static final String UNREADABLE = "Channel secrets cannot be opened; give them again with PUT /api/v1/channels/{id}";

    private static final Logger LOG = Logger.getLogger(Channel.class);

    @Id
    public UUID id;

    public String name;

    @Enumerated(EnumType.STRING)
    public ChannelType type;

    public boolean enabled = true;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> settings = new HashMap<>();

    /** The secrets as stored: sealed by {@code SecretSeal} (AES-256-GCM, bound to this channel's id), never clear. */
    @Column(name = "sealed_secrets")
    public String sealedSecrets;

    /**
     * The opened secrets, opened on first use (once per sealed value in this process, {@link OpenedSecrets});
     * ChannelService seals them back when they change.
     */
    @Transient
    private Map<String, String> secrets;

    /** Set when the sealed value could not be opened (a retired key, a damaged row, a value of another row). */
    @Transient
    private boolean secretsUnreadable;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /**
     * The opened secrets; empty when there are none or when they cannot be opened ({@link #secretsUnreadable()}).
     * Opened here rather than when the row is loaded, so that one unreadable row never fails a query over many.
     */
    public Map<String, String> secrets() {
        if (secrets == null) {
            try {
                secrets = Arc.container().instance(OpenedSecrets.class).get().open(sealedSecrets, id);
            } catch (IllegalStateException e) {
                // Counted and reported by ChannelSecretsMonitor; here a debug line, as every read would repeat it.
                LOG.debugf("Channel %s: %s; give its secrets again with PUT /api/v1/channels/%s", id,
                        e.getMessage(), id);
                secrets = new HashMap<>();
                secretsUnreadable = true;
            }
        }
        return secrets;
    }

    /** Whether the stored secrets cannot be opened with the configured keys. */
    public boolean secretsUnreadable() {
        secrets();
        return secretsUnreadable;
    }

    /** Replaces the secrets, sealed for this channel (its id must be set). */
    public void replaceSecrets(Map<String, String> opened, SecretSeal seal) {
        secrets = new HashMap<>(opened);
        sealedSecrets = seal.seal(secrets, id);
        secretsUnreadable = false;
    }

    public String setting(String name) {
        String value = settings.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    public String secret(String name) {
        String value = secrets().get(name);
        return value == null || value.isBlank() ? null : value;
    }

    /** What a sender needs of this channel, copied so that no transaction stays open while a receiver is slow. */
    public SendJob.ChannelSnapshot snapshot() {
        return new SendJob.ChannelSnapshot(id, name, type, Map.copyOf(settings), Map.copyOf(secrets()));
    }

    @Override
    public String toString() {
        return "Channel[" + id + " " + type + "]";
    }
}
