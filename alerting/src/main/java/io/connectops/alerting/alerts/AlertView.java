package io.connectops.alerting.alerts;

import java.time.Instant;
import java.util.Map;

import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.Severity;

/** An alert as the API shows it. {@code suppressedBy}: the silence id, or {@code inhibited-by:<fingerprint>}. */
public record AlertView(String fingerprint, String ruleId, String ruleName, String seriesKey, String groupKey,
        AlertEvent.State state, Severity severity, String instanceId, String queueId, Map<String, String> labels,
        Double value, Double threshold, String reason, Instant startsAt, Instant endsAt, Instant changedAt,
        String suppressedBy, AlertEvent.State publishedState, Instant announcedAt, Instant updatedAt) {

    static AlertView of(Alert alert) {
        return new AlertView(alert.fingerprint, alert.ruleId, alert.ruleName, alert.seriesKey, alert.groupKey,
                alert.state, alert.severity, alert.instanceId, alert.queueId, alert.labels, alert.value,
                alert.threshold, alert.reason, alert.startsAt, alert.endsAt, alert.changedAt, alert.suppressedBy,
                alert.publishedState, alert.announcedAt, alert.updatedAt);
    }
}
