package io.connectops.notifications.senders.slack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's request signature (version {@code v0}): {@code X-Slack-Signature} is {@code v0=} and the hex HMAC-SHA256,
 * keyed with the app's signing secret, of {@code v0:<X-Slack-Request-Timestamp>:<raw body>}. A timestamp more than
 * five minutes from now is refused whatever its signature, so that a captured request cannot be replayed later.
 */
public final class SlackSignature {

    static final Duration MAX_SKEW = Duration.ofMinutes(5);

    private SlackSignature() {
    }

    /** The signature Slack sends for this timestamp and body. */
    public static String sign(String signingSecret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Whether the timestamp (Unix seconds) is within five minutes of {@code now}, either way. */
    public static boolean fresh(String timestamp, Instant now) {
        if (timestamp == null || !timestamp.matches("\\d{1,12}")) {
            return false;
        }
        long seconds = Long.parseLong(timestamp);
        return Math.abs(now.getEpochSecond() - seconds) <= MAX_SKEW.toSeconds();
    }

    /** Whether {@code signature} is the one this secret gives the request, compared in constant time. */
    public static boolean matches(String signingSecret, String timestamp, String body, String signature) {
        if (signature == null || !signature.startsWith("v0=")) {
            return false;
        }
        return MessageDigest.isEqual(sign(signingSecret, timestamp, body).getBytes(StandardCharsets.UTF_8),
                signature.getBytes(StandardCharsets.UTF_8));
    }
}
