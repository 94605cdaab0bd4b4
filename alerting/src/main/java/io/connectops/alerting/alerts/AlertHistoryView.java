package io.connectops.alerting.alerts;

import java.time.Instant;

import io.connectops.contracts.AlertEvent;

/** One transition of an alert as the API shows it; {@code published} tells whether subscribers were told. */
public record AlertHistoryView(Long id, String fingerprint, AlertEvent.State state, Instant occurredAt, Double value,
        Double threshold, String reason, String suppressedBy, boolean published, String eventId, Instant recordedAt) {

    static AlertHistoryView of(AlertHistoryEntry entry) {
        return new AlertHistoryView(entry.id, entry.fingerprint, entry.state, entry.occurredAt, entry.value,
                entry.threshold, entry.reason, entry.suppressedBy, entry.published, entry.eventId, entry.recordedAt);
    }
}
