package io.connectops.contracts;

import java.time.Instant;
import java.util.Locale;

/**
 * A person asked for something outside the API (a Slack button, a ServiceNow resolution or comment), on
 * {@link Topics#COMMANDS}, keyed by incident id. notifications writes it once it has verified where it came from
 * (Slack's request signature, the ServiceNow callback's credentials and correlation id) and mapped the person to an
 * actor; incidents applies it through the incident's lifecycle exactly as the API would. A move the lifecycle refuses
 * (resolving a closed incident) is recorded on the timeline as refused, never forced, and the command is not
 * dead-lettered: it was applied, with that outcome. The {@code commandId} is the CloudEvent id, so a pressed-twice
 * button or a retried ServiceNow callback acts once.
 *
 * @param commandId stable per request: Slack's action id and message timestamp, ServiceNow's sys_id and sys_updated_on
 * @param action what is asked
 * @param actor who asked, as Connect Ops knows them: {@code slack:<user id>} mapped to a configured actor,
 *        {@code servicenow:<user name>}
 * @param text the resolution summary for {@link Action#RESOLVE}, the comment for {@link Action#COMMENT}
 * @param origin where it was asked: {@code slack}, {@code teams}, {@code servicenow}
 * @param originRef the origin's reference of the message or record it was asked from (a Slack message ts, a
 *        ServiceNow number), so that the timeline can say where, and notifications never sends it back there
 * @param requestedAt when the person asked, per the origin
 */
public record IncidentCommand(
        String commandId,
        String incidentId,
        Action action,
        Actor actor,
        String text,
        String origin,
        String originRef,
        Instant requestedAt) {

    public enum Action {
        /** Acknowledge, as {@code POST /api/v1/incidents/{id}/acknowledge}. */
        ACKNOWLEDGE,
        /** Resolve with {@code text} as the resolution summary, as {@code POST /api/v1/incidents/{id}/resolve}. */
        RESOLVE,
        /** Put {@code text} on the timeline as a comment from {@code actor}. */
        COMMENT
    }

    /** {@code connectops.command.acknowledge.v1} and its siblings. */
    public static String typeOf(Action action) {
        return "connectops.command." + action.name().toLowerCase(Locale.ROOT) + ".v1";
    }

    public String type() {
        return typeOf(action);
    }
}
