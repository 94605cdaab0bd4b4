package io.connectops.notifications.channels;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Channel secrets opened once per channel and sealed value, not on every send: a claim of a hundred deliveries opened
 * (AES-GCM and JSON) a hundred times the same few values. The sealed value is the version: every change of a
 * channel's secrets, and every re-sealing with a new key, stores a new one (a fresh IV), so a changed row, also one
 * changed by another replica, never finds the old secrets here. A value copied from another channel's row is looked up
 * under this channel's id and opened for it, and fails as before. Values that cannot be opened are not kept. The
 * opened secrets stay in memory only, like the key; nothing here is logged.
 */
@ApplicationScoped
public class OpenedSecrets {

    /** More channels than any installation has: beyond it (deleted channels of other replicas) it starts over. */
    static final int MOST_CHANNELS = 10_000;

    private record Opened(String sealed, Map<String, String> secrets) {
    }

    private final Map<UUID, Opened> byChannel = new ConcurrentHashMap<>();

    @Inject
    SecretSeal seal;

    public OpenedSecrets() {
    }

    /** Opened secrets outside CDI (tests). */
    public OpenedSecrets(SecretSeal seal) {
        this.seal = seal;
    }

    /**
     * The secrets of channel {@code channelId} sealed as {@code sealed}, a copy the caller may change; fails like
     * {@link SecretSeal#open} when they cannot be opened.
     */
    public Map<String, String> open(String sealed, UUID channelId) {
        if (sealed == null || sealed.isBlank()) {
            return new HashMap<>();
        }
        Opened opened = byChannel.get(channelId);
        if (opened == null || !opened.sealed().equals(sealed)) {
            opened = new Opened(sealed, Map.copyOf(seal.open(sealed, channelId)));
            if (byChannel.size() >= MOST_CHANNELS) {
                byChannel.clear();
            }
            byChannel.put(channelId, opened);
        }
        return new HashMap<>(opened.secrets());
    }

    /** Forgets a channel's secrets (deleted, or given new ones). */
    public void forget(UUID channelId) {
        byChannel.remove(channelId);
    }
}
