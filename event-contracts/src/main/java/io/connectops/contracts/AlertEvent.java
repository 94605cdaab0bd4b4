package io.connectops.contracts;

import java.time.Duration;
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
 * @param groupWait how long alerting waited before the first announcement of a new group, so that alerts firing
 *        together are announced together (Alertmanager's {@code group_wait})
 * @param groupInterval the least time between two announcements of the same group when it changes
 *        ({@code group_interval})
 * @param repeatInterval after this, a group still firing is announced again ({@code repeat_interval})
 * @param announcement for a FIRING event, why it is published: the first announcement of its group, a change of an
 *        announced group (a new alert, or one whose silence or inhibition ended), or a repeat of a group still
 *        firing; null on PENDING and RESOLVED events. A consumer that opens incidents ignores {@code REPEAT}.
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
        Instant endsAt,
        Duration groupWait,
        Duration groupInterval,
        Duration repeatInterval,
        Announcement announcement) {

    public enum State { PENDING, FIRING, RESOLVED }

    /** Why a FIRING event is published (Alertmanager's notification reasons). */
    public enum Announcement {
        /** The first announcement of a group, after its group wait. */
        NEW,
        /** An announced group gained a firing alert (or one whose silence or inhibition ended). */
        CHANGED,
        /** The group is still firing after its repeat interval; nothing changed. */
        REPEAT
    }

    public AlertEvent {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** The event without grouping timers, as it was before those fields existed. */
    public AlertEvent(String fingerprint, String groupKey, String ruleId, String ruleName, State state,
            Severity severity, Map<String, String> labels, Double value, Double threshold, String summary,
            String description, String runbookUrl, String reason, Instant startsAt, Instant endsAt) {
        this(fingerprint, groupKey, ruleId, ruleName, state, severity, labels, value, threshold, summary, description,
                runbookUrl, reason, startsAt, endsAt, null, null, null, null);
    }

    /** {@code connectops.alert.firing.v1} and its siblings. */
    public static String typeOf(State state) {
        return "connectops.alert." + state.name().toLowerCase(Locale.ROOT) + ".v1";
    }

    public String type() {
        return typeOf(state);
    }
}
