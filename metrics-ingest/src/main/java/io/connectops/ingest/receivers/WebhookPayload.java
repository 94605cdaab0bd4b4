package io.connectops.ingest.receivers;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What Alertmanager's {@code webhook_config} posts (payload version 4), and Grafana Alerting's webhook contact point,
 * which sends the same shape with a few fields of its own ({@code orgId}, {@code state}, {@code title},
 * {@code message}, and per alert {@code values}, {@code valueString} and its links). Times are read as text so that
 * an unreadable one is refused naming its field, and Go's zero time ({@code 0001-01-01T00:00:00Z}: no end yet) is
 * understood. Fields that either tool adds later are ignored.
 */
public record WebhookPayload(
        @Schema(description = "\"4\" from Alertmanager; Grafana sends \"1\"") String version,
        String groupKey,
        @Schema(description = "Alerts left out by the receiver's max_alerts") Integer truncatedAlerts,
        @Schema(description = "firing or resolved: the group's status") String status,
        String receiver,
        Map<String, String> groupLabels,
        Map<String, String> commonLabels,
        Map<String, String> commonAnnotations,
        String externalURL,
        @Schema(required = true, minItems = 1, maxItems = ReceivedAlerts.MAX_ALERTS) List<Alert> alerts,
        @Schema(description = "Grafana only") Long orgId,
        @Schema(description = "Grafana only") String state,
        @Schema(description = "Grafana only") String title,
        @Schema(description = "Grafana only") String message) {

    /** One alert of the group. */
    public record Alert(
            @Schema(required = true, enumeration = { "firing", "resolved" }) String status,
            @Schema(required = true, description = "Must hold alertname") Map<String, String> labels,
            Map<String, String> annotations,
            @Schema(required = true, description = "RFC 3339") String startsAt,
            @Schema(description = "RFC 3339; 0001-01-01T00:00:00Z while firing") String endsAt,
            String generatorURL,
            @Schema(maxLength = ReceivedAlerts.MAX_FINGERPRINT) String fingerprint,
            @Schema(description = "Grafana only: the values of the rule's expressions") Map<String, Double> values,
            @Schema(description = "Grafana only") String valueString,
            @Schema(description = "Grafana only") String silenceURL,
            @Schema(description = "Grafana only") String dashboardURL,
            @Schema(description = "Grafana only") String panelURL) {
    }
}
