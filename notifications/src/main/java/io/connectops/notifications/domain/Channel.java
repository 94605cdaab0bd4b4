package io.connectops.notifications.domain;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.connectops.notifications.service.SecretSeal;
import io.quarkus.arc.Arc;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A receiver of notifications. {@link #secrets} never leave the service: no API view, no log line shows them. */
@Entity
@Table(name = "channel")
public class Channel extends PanacheEntityBase {

    @Id
    public UUID id;

    public String name;

    @Enumerated(EnumType.STRING)
    public ChannelType type;

    public boolean enabled = true;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> settings = new HashMap<>();

    /** The secrets as stored: sealed by {@code SecretSeal} (AES-256-GCM), never plaintext. */
    @Column(name = "sealed_secrets")
    public String sealedSecrets;

    /** The opened secrets, filled when the row is loaded; ChannelService seals them back when they change. */
    @Transient
    public Map<String, String> secrets = new HashMap<>();

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @PostLoad
    void openSecrets() {
        secrets = Arc.container().instance(SecretSeal.class).get().open(sealedSecrets);
    }

    public String setting(String name) {
        String value = settings.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    public String secret(String name) {
        String value = secrets.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    @Override
    public String toString() {
        return "Channel[" + id + " " + type + "]";
    }
}
