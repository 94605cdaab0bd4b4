package io.connectops.notifications.senders;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;

import io.connectops.notifications.senders.SendResult.Outcome;

/**
 * How every sender reads a receiver's answer: delivered, retry later, or failed for good. 2xx is delivered; 408,
 * 429 and 5xx are retried, after the receiver's {@code Retry-After} when it sends one; every other status fails for
 * good (trying again cannot fix a refused token or a wrong URL). Slack reports most errors as HTTP 200 with
 * {@code {"ok":false,"error":…}}: its rate limits and its own outages are retried, every other error fails.
 */
public final class StatusClassifier {

    /** Slack error codes that mean "not now" rather than "never" (chat.postMessage and chat.update docs). */
    private static final Set<String> SLACK_RETRYABLE = Set.of("ratelimited", "rate_limited", "message_limit_exceeded",
            "internal_error", "fatal_error", "service_unavailable", "request_timeout");

    private StatusClassifier() {
    }

    /** What an HTTP status means for the delivery. */
    public static Outcome ofStatus(int status) {
        if (status >= 200 && status < 300) {
            return Outcome.DELIVERED;
        }
        return status == 429 || status == 408 || status >= 500 ? Outcome.RETRY : Outcome.FAILED;
    }

    /** The result of a non-2xx answer; {@code retryAfter} is the raw header (seconds or an HTTP date) or null. */
    public static SendResult failure(int status, String detail, String retryAfter) {
        return ofStatus(status) == Outcome.RETRY ? SendResult.retry(status, detail, retryAfter(retryAfter))
                : SendResult.failed(status, detail);
    }

    /** What a Slack {@code ok:false} error code means; HTTP said 200, so there is no {@code Retry-After}. */
    public static SendResult slackError(int status, String error) {
        String detail = "Slack error: " + error;
        return SLACK_RETRYABLE.contains(error) ? SendResult.retry(status, detail, null)
                : SendResult.failed(status, detail);
    }

    /**
     * Whether a failed attempt says the receiver is down, which counts towards its circuit: a retry other than 429
     * (a 429 is pacing, not an outage; a 4xx is configuration, which a circuit cannot heal).
     */
    public static boolean isOutage(SendResult result) {
        return result.outcome() == Outcome.RETRY && (result.httpStatus() == null || result.httpStatus() != 429);
    }

    /** {@code Retry-After} in seconds or as an HTTP date; null when absent or unreadable. */
    public static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(Instant.now(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (RuntimeException notADate) {
                return null;
            }
        }
    }
}
