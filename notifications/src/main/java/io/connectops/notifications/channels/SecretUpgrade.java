package io.connectops.notifications.channels;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;

import io.connectops.contracts.EventCodec;

/**
 * At start-up (and every minute, from {@link ChannelSecretsMonitor}), seals the secrets of channels saved before
 * sealing existed (and empties their plaintext column), and re-seals rows sealed with a previous key or in the legacy
 * form not bound to their channel, so that an old key can be retired after one start with the new one. A row that
 * cannot be opened is left as it is, for an admin to repair with new secrets.
 */
@ApplicationScoped
public class SecretUpgrade {

    private static final Logger LOG = Logger.getLogger(SecretUpgrade.class);

    @Inject
    EntityManager entityManager;

    @Inject
    SecretSeal seal;


    @Transactional
    @SuppressWarnings("unchecked")
    public int upgrade() {
        List<Object[]> rows = entityManager.createNativeQuery("SELECT id, CAST(secrets AS TEXT), sealed_secrets"
                + " FROM channel WHERE secrets <> CAST('{}' AS JSONB)"
                + " OR (sealed_secrets IS NOT NULL AND sealed_secrets NOT LIKE ?1) FOR UPDATE SKIP LOCKED")
                .setParameter(1, "v2:" + seal.currentKeyId() + ":%").getResultList();
        int upgraded = 0;
        for (Object[] row : rows) {
            try {
                UUID id = (UUID) row[0];
                Map<String, String> secrets = seal.open((String) row[2], id);
                secrets.putAll(EventCodec.mapper().readValue((String) row[1], new TypeReference<Map<String, String>>() {
                }));
                entityManager.createNativeQuery("UPDATE channel SET sealed_secrets = ?1,"
                        + " secrets = CAST('{}' AS JSONB) WHERE id = ?2")
                        .setParameter(1, seal.seal(secrets, id)).setParameter(2, id).executeUpdate();
                upgraded++;
            } catch (RuntimeException | IOException e) {
                // ChannelSecretsMonitor counts and reports such channels; repeating it every round would flood the log.
                LOG.debugf("Channel %s: secrets not re-sealed: %s", row[0], e.getMessage());
            }
        }
        if (upgraded > 0) {
            LOG.infof("Sealed the secrets of %d channel(s) with key %s", upgraded, seal.currentKeyId());
        }
        return upgraded;
    }
}
