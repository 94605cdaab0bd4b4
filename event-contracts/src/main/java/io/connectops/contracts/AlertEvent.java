package io.connectops.contracts;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * An alert changed state, on {@link Topics#ALERTS}, keyed by {@link #fingerprint()} (a stable hash of the rule and
 * the series labels).
 *
 * @param reason why the alert is in this state, e.g. {@code threshold}, {@code no data}
 * @param startsAt when the condition started to hold (event time)
 * @param endsAt when it stopped holding, for a resolved alert
 */
public record AlertEvent(
        String fingerprint,
        String groupKey,
        String ruleId,
        String ruleName,
        State state,
        Severity severity,
        Map<String, String> labels,
        Double value,
        Double threshold,
        String summary,
        String description,
        String runbookUrl,
        String reason,
        Instant startsAt,
        Instant endsAt) {

    public enum State { PENDING, FIRING, RESOLVED }

    public AlertEvent {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** {@code connectops.alert.firing.v1} and its siblings. */
    public static String typeOf(State state) {
        return "connectops.alert." + state.name().toLowerCase(Locale.ROOT) + ".v1";
    }

    public String type() {
        return typeOf(state);
    }
}
