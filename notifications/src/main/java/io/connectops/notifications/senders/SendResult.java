package io.connectops.notifications.senders;

import java.time.Duration;

/**
 * What one attempt achieved.
 *
 * @param retryAfter the receiver's {@code Retry-After}, when it sent one
 * @param thread a new or changed handle on the conversation, to remember for the next message
 */
public record SendResult(
        Outcome outcome,
        Integer httpStatus,
        String detail,
        Duration retryAfter,
        String externalRef,
        SendJob.Thread thread) {

    public enum Outcome {
        DELIVERED,
        /** Worth trying again: 5xx, 408, 429, timeouts, connection failures. */
        RETRY,
        /** Trying again cannot help: other 4xx, a refused URL, a misconfigured channel. */
        FAILED
    }

    public static SendResult delivered(Integer status, String externalRef, SendJob.Thread thread, String detail) {
        return new SendResult(Outcome.DELIVERED, status, detail, null, externalRef, thread);
    }

    public static SendResult retry(Integer status, String detail, Duration retryAfter) {
        return new SendResult(Outcome.RETRY, status, detail, retryAfter, null, null);
    }

    public static SendResult failed(Integer status, String detail) {
        return new SendResult(Outcome.FAILED, status, detail, null, null, null);
    }

    public boolean delivered() {
        return outcome == Outcome.DELIVERED;
    }
}
