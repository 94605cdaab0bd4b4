package io.connectops.notifications.senders;

import java.time.Duration;

/**
 * What one attempt achieved.
 *
 * @param retryAfter the receiver's {@code Retry-After}, when it sent one
 * @param thread a new or changed handle on the conversation, to remember for the next message
 * @param unanswered the request left but no answer came back (a timeout, a connection lost after sending): the
 *        receiver may have acted on it, so the next attempt looks before it sends again
 */
public record SendResult(
        Outcome outcome,
        Integer httpStatus,
        String detail,
        Duration retryAfter,
        String externalRef,
        SendJob.Thread thread,
        boolean unanswered) {

    public enum Outcome {
        DELIVERED,
        /** Worth trying again: 5xx, 408, 429, timeouts, connection failures. */
        RETRY,
        /** Trying again cannot help: other 4xx, a refused URL, a misconfigured channel. */
        FAILED
    }

    public static SendResult delivered(Integer status, String externalRef, SendJob.Thread thread, String detail) {
        return new SendResult(Outcome.DELIVERED, status, detail, null, externalRef, thread, false);
    }

    public static SendResult retry(Integer status, String detail, Duration retryAfter) {
        return new SendResult(Outcome.RETRY, status, detail, retryAfter, null, null, false);
    }

    public static SendResult failed(Integer status, String detail) {
        return new SendResult(Outcome.FAILED, status, detail, null, null, null, false);
    }

    /** The request left and no answer came back: retried, but only after looking whether it arrived. */
    public static SendResult unanswered(String detail) {
        return new SendResult(Outcome.RETRY, null, detail, null, null, null, true);
    }

    public boolean delivered() {
        return outcome == Outcome.DELIVERED;
    }
}
