package io.connectops.notifications.content;

import java.time.Instant;
import java.util.List;

/**
 * One channel's digest: the low-urgency notices its digest routes collected, sent as one message. It travels through
 * the delivery queue like an event (type {@link #TYPE}), so it is retried, paced and dead-lettered like any other.
 */
public record Digest(String digestKey, Instant collectedTo, List<Entry> entries) {

    public static final String TYPE = "connectops.notifications.digest.v1";

    public record Entry(Instant at, String severity, String headline, String statusLine) {
    }
}
