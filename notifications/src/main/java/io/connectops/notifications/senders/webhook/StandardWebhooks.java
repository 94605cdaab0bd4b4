package io.connectops.notifications.senders.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature (standardwebhooks.com, symmetric scheme {@code v1}): {@code webhook-signature} =
 * {@code v1,} + base64(HMAC-SHA256(key, id + "." + timestamp + "." + body)), where the key is the bytes of a
 * {@code whsec_<base64>} secret and the timestamp is in unix seconds.
 */
public final class StandardWebhooks {

    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";
    public static final String SECRET_PREFIX = "whsec_";

    /** The spec asks for at least 24 random bytes and at most 64. */
    static final int MIN_KEY_BYTES = 24;
    static final int MAX_KEY_BYTES = 64;

    private StandardWebhooks() {
    }

    /** True when the secret is meant for Standard Webhooks (then it must be a valid {@code whsec_} secret). */
    public static boolean isStandardSecret(String secret) {
        return secret != null && secret.startsWith(SECRET_PREFIX);
    }

    /** Why a {@code whsec_} secret cannot be used, or null when it can. */
    public static String refusal(String secret) {
        try {
            int length = key(secret).length;
            return length < MIN_KEY_BYTES || length > MAX_KEY_BYTES
                    ? "a whsec_ secret must hold " + MIN_KEY_BYTES + " to " + MAX_KEY_BYTES + " bytes, not " + length
                    : null;
        } catch (IllegalArgumentException e) {
            return "must be whsec_ followed by base64";
        }
    }

    /** The signing key: the base64 after {@code whsec_}. */
    static byte[] key(String secret) {
        return Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
    }

    /** The {@code webhook-signature} value for this message. */
    public static String sign(String secret, String id, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
            byte[] signature = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
