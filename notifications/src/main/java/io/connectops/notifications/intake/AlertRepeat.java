package io.connectops.notifications.intake;

import java.time.Duration;
import java.time.Instant;

import io.connectops.contracts.AlertEvent;

/**
 * Alertmanager's dedup, per channel and alert: a firing alert is notified when it was not firing before or its
 * route's repeat interval has passed; a resolution only when its firing was notified; other states always.
 */
public final class AlertRepeat {

    private AlertRepeat() {
    }

    /**
     * @param lastState the state last notified on this channel, or null
     * @param lastNotified when it was notified, or null
     * @param repeatInterval the route's repeat interval, or null: then every firing event is notified
     */
    public static boolean needsNotice(AlertEvent.State state, String lastState, Instant lastNotified,
            Duration repeatInterval, Instant now) {
        if (state == AlertEvent.State.FIRING) {
            return !"FIRING".equals(lastState) || repeatInterval == null
                    || !lastNotified.plus(repeatInterval).isAfter(now);
        }
        if (state == AlertEvent.State.RESOLVED) {
            return "FIRING".equals(lastState);
        }
        return true;
    }
}
