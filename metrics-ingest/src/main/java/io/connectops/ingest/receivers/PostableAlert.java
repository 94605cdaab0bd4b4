package io.connectops.ingest.receivers;

import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One alert as a Prometheus server posts it to Alertmanager's {@code POST /api/v2/alerts} (Alertmanager's
 * {@code postableAlert}): it has no status; {@code endsAt} in the past resolves it, in the future it fires until
 * then unless posted again, and without one it fires for {@code connectops.ingest.receivers.resolve-timeout}.
 */
public record PostableAlert(
        @Schema(required = true, description = "Must hold alertname") Map<String, String> labels,
        Map<String, String> annotations,
        @Schema(description = "RFC 3339; now when absent") String startsAt,
        @Schema(description = "RFC 3339") String endsAt,
        String generatorURL) {
}
