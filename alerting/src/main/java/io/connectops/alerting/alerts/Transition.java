package io.connectops.alerting.alerts;

import java.time.Instant;

import io.connectops.alerting.rules.RuleSpec;
import io.connectops.contracts.AlertEvent;

/**
 * An alert changed state at an event time. Two evaluations of the same samples produce equal transitions, which is
 * what lets the recorder drop a replayed one.
 */
public record Transition(
        RuleSpec rule,
        String fingerprint,
        String seriesKey,
        String instanceId,
        String queueId,
        String channel,
        String agentId,
        String metric,
        AlertEvent.State state,
        Instant at,
        Double value,
        Instant startsAt,
        Instant endsAt,
        String reason) {
}
