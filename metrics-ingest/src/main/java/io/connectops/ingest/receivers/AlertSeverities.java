package io.connectops.ingest.receivers;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import io.connectops.contracts.Severity;

/**
 * The P1–P4 of an alert's {@code severity} label: the configured values first (compared in lower case), then P1 to P4
 * themselves, else the configured default, which may be none (alerting then applies its own). A value that maps to
 * nothing is never guessed at: it stays in the alert's labels as it was sent.
 */
public final class AlertSeverities {

    public static final String LABEL = "severity";

    private final Map<String, Severity> byValue;
    private final Severity fallback;

    public AlertSeverities(Map<String, Severity> byValue, Severity fallback) {
        this.byValue = new HashMap<>();
        byValue.forEach((value, severity) -> this.byValue.put(value.trim().toLowerCase(Locale.ROOT), severity));
        this.fallback = fallback;
    }

    /** The severity of an alert with these labels; null when it has none and no default is configured. */
    public Severity of(Map<String, String> labels) {
        String value = labels == null ? null : labels.get(LABEL);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String key = value.trim().toLowerCase(Locale.ROOT);
        Severity mapped = byValue.get(key);
        if (mapped != null) {
            return mapped;
        }
        for (Severity severity : Severity.values()) {
            if (severity.name().toLowerCase(Locale.ROOT).equals(key)) {
                return severity;
            }
        }
        return fallback;
    }
}
