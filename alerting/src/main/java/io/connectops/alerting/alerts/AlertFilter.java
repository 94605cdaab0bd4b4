package io.connectops.alerting.alerts;

import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.Severity;

/** The filters of GET /api/v1/alerts; null fields do not filter. */
public record AlertFilter(AlertEvent.State state, Severity severity, String instanceId, String queueId,
        String ruleId) {
}
