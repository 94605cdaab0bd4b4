package io.connectops.notifications.routing;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A route as an admin writes it.
 *
 * @param eventTypes CloudEvent types, {@code connectops.incident.*} style prefixes allowed; empty = all
 * @param channelTypes send to every enabled channel of these types, besides {@code channelIds}
 * @param continueMatching Alertmanager's {@code continue}: go on to later routes after this one matched
 * @param repeatInterval ISO-8601 duration before a still-firing alert is notified again
 * @param digest collect matching notices for the weekly digest instead of sending each one (P4 by default)
 * @param separateAlertMessages on Slack and Teams, the alerts this route sends stay in their alert group's own
 *        conversation even once they opened or joined an incident (default false: their later messages go to the
 *        incident's thread, and the incident takes over their group's thread)
 */
public record RouteDraft(
        String name,
        Integer position,
        Boolean enabled,
        List<String> eventTypes,
        List<String> severities,
        Map<String, String> labels,
        List<String> queues,
        List<String> channelIds,
        List<String> channelTypes,
        @JsonProperty("continue") Boolean continueMatching,
        String repeatInterval,
        QuietHours quietHours,
        Boolean digest,
        Boolean separateAlertMessages) {

    /** Hours in which only P1 is sent at once; the rest waits for {@code until}. Times as {@code HH:mm}. */
    public record QuietHours(String from, String until, String zone) {
    }
}
