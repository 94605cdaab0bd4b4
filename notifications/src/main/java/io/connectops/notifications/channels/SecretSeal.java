package io.connectops.notifications.channels;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.type.TypeReference;

import io.connectops.contracts.EventCodec;
import io.connectops.notifications.config.NotificationsConfig;

/**
 * Seals channel secrets with AES-256-GCM before they reach the database: {@code v2:<key id>:<base64(iv ||
 * ciphertext+tag)>}, with the version, the key id and the channel id as associated data, so that a sealed value
 * copied onto another row (by someone with write access to the database but not the key) does not open there. Rows
 * sealed with a previous key still open while that key is configured under {@code previous-secret-keys}.
 */
@ApplicationScoped
public class SecretSeal {

    private static final String VERSION = "v2";
    private static final String LEGACY_VERSION = "v1";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    NotificationsConfig config;

    private String currentId;
    private final Map<String, SecretKeySpec> keys = new HashMap<>();

    @PostConstruct
    void init() {
        currentId = config.secretKeyId();
        // A key made up at start-up would differ per replica and per restart, and every sealed secret would become
        // unreadable: without a configured key the service refuses to start.
        String secretKey = config.secretKey().orElseThrow(() -> new IllegalStateException(
                "CONNECTOPS_NOTIFICATIONS_SECRET_KEY is required: 32 random bytes, base64 (openssl rand -base64 32),"
                        + " the same for every replica, kept in a secret store"));
        keys.put(currentId, key(secretKey, "connectops.notifications.secret-key"));
        for (String entry : config.previousSecretKeys().orElse(List.of())) {
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new IllegalStateException("connectops.notifications.previous-secret-keys entries are id:base64");
            }
            keys.putIfAbsent(entry.substring(0, colon).trim(),
                    key(entry.substring(colon + 1).trim(), "connectops.notifications.previous-secret-keys"));
        }
    }

    /** Builds a seal outside CDI (tests, tools). */
    public static SecretSeal of(String currentId, Map<String, byte[]> keysById) {
        SecretSeal seal = new SecretSeal();
        seal.currentId = currentId;
        keysById.forEach((id, bytes) -> seal.keys.put(id, new SecretKeySpec(bytes, "AES")));
        return seal;
    }

    public String currentKeyId() {
        return currentId;
    }

    /** Whether a sealed value is bound to its channel and sealed with the current key (else it is sealed again). */
    public boolean isCurrent(String sealed) {
        return sealed != null && sealed.startsWith(VERSION + ":" + currentId + ":");
    }

    /** Seals a channel's secrets, bound to that channel: the value opens for no other row. */
    public String seal(Map<String, String> secrets, UUID channelId) {
        try {
            byte[] plain = EventCodec.mapper().writeValueAsBytes(new LinkedHashMap<>(secrets));
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData(VERSION, currentId, channelId));
            byte[] sealed = cipher.doFinal(plain);
            ByteBuffer out = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed);
            return VERSION + ":" + currentId + ":" + Base64.getEncoder().encodeToString(out.array());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot seal channel secrets: " + e.getClass().getSimpleName());
        }
    }

    /**
     * The secrets of channel {@code channelId}; an empty map for none. Fails, naming the key id only, when it cannot
     * open them: another key, a damaged value, or a value sealed for another channel. Values of the legacy form
     * {@code v1} (bound to the key id only) still open, so that rows sealed before binding keep working until
     * {@link SecretUpgrade} seals them again.
     */
    public Map<String, String> open(String sealed, UUID channelId) {
        if (sealed == null || sealed.isBlank()) {
            return new HashMap<>();
        }
        String[] parts = sealed.split(":", 3);
        if (parts.length != 3 || !(VERSION.equals(parts[0]) || LEGACY_VERSION.equals(parts[0]))) {
            throw new IllegalStateException("Channel secrets are not in a known sealed form");
        }
        SecretKeySpec key = keys.get(parts[1]);
        if (key == null) {
            throw new IllegalStateException("Channel secrets are sealed with key '" + parts[1]
                    + "', which is not configured (connectops.notifications.previous-secret-keys)");
        }
        try {
            byte[] all = Base64.getDecoder().decode(parts[2]);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            cipher.updateAAD(LEGACY_VERSION.equals(parts[0]) ? parts[1].getBytes(StandardCharsets.UTF_8)
                    : associatedData(parts[0], parts[1], channelId));
            byte[] plain = cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES);
            return new HashMap<>(EventCodec.mapper().readValue(plain, new TypeReference<Map<String, String>>() {
            }));
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            throw new IllegalStateException("Channel secrets sealed with key '" + parts[1]
                    + "' cannot be opened for this channel");
        }
    }

    /**
     * The form before secrets were bound to their channel: {@code v1:<key id>:...}, the key id as associated data.
     * Never written by the service any more; tests make legacy rows with it.
     */
    String sealUnbound(Map<String, String> secrets) {
        try {
            byte[] plain = EventCodec.mapper().writeValueAsBytes(new LinkedHashMap<>(secrets));
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(currentId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            ByteBuffer out = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed);
            return LEGACY_VERSION + ":" + currentId + ":" + Base64.getEncoder().encodeToString(out.array());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e.getClass().getSimpleName());
        }
    }

    private static byte[] associatedData(String version, String keyId, UUID channelId) {
        return (version + ":" + keyId + ":channel:" + channelId).getBytes(StandardCharsets.UTF_8);
    }

    private static SecretKeySpec key(String base64, String property) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + " must be base64");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException(property + " must be 32 bytes (AES-256), base64-encoded");
        }
        return new SecretKeySpec(bytes, "AES");
    }
}
