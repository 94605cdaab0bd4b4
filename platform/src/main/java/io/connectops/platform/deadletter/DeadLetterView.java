package io.connectops.platform.deadletter;

import java.time.Instant;
import java.util.List;

/** What the dead-letter API answers. */
public final class DeadLetterView {

    private DeadLetterView() {
    }

    /** One dead-letter topic of this service: how many records it holds and how many were redriven. */
    public record Topic(String topic, String origin, long records, long redriven) {
    }

    /** One dead letter; {@code payload} only when a single record is asked for. */
    public record Record(String topic, int partition, long offset, Instant deadLetteredAt, String key, String eventId,
            String eventType, String reason, String cause, String origin, Instant redrivenAt, String redrivenBy,
            String payload) {
    }

    /** The records a redrive put back on their topic. */
    public record Redrive(String topic, int redriven, int alreadyRedriven, List<String> records) {
    }
}
