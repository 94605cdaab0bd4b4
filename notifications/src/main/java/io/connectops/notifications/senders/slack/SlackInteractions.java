package io.connectops.notifications.senders.slack;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import io.connectops.contracts.Actor;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.IncidentCommand;
import io.connectops.notifications.channels.Channel;
import io.connectops.notifications.commands.CommandEvents;
import io.connectops.notifications.conversations.Conversations;
import io.connectops.notifications.delivery.ThreadState;
import io.connectops.notifications.senders.ChannelType;
import io.connectops.notifications.senders.SettingsJson;
import io.connectops.platform.problem.ProblemException;

/**
 * A button pressed on an incident's Slack message becomes an {@link IncidentCommand}: verified by the signing secret
 * of a Slack channel (so the request is Slack's, for that app), tied to the incident message that channel posted, and
 * made by a Slack user that channel maps to a Connect Ops actor. The command id comes from the action's
 * {@code action_ts} and the message's {@code ts}, so a replayed or repeated press publishes once.
 */
@ApplicationScoped
public class SlackInteractions {

    @Inject
    Conversations conversations;

    public static final String ACKNOWLEDGE = "incident.acknowledge";
    public static final String RESOLVE = "incident.resolve";
    /** Slack's payloads are a few KiB; the endpoint is open, so more is refused before anything else. */
    static final int MAX_BODY = 64 * 1024;

    @Inject
    CommandEvents commands;

    @Transactional
    public SlackInteractionView press(String timestamp, String signature, String body) {
        if (body.length() > MAX_BODY) {
            throw new ProblemException(Response.Status.REQUEST_ENTITY_TOO_LARGE, "Content Too Large",
                    "A Slack interaction is at most " + MAX_BODY + " bytes", null, null);
        }
        if (signature == null || !SlackSignature.fresh(timestamp, Instant.now())) {
            throw unauthorized("X-Slack-Request-Timestamp and X-Slack-Signature are required, the timestamp within "
                    + "five minutes of now");
        }
        List<Channel> signedBy = new ArrayList<>();
        for (Channel channel : Channel.<Channel>list("type", ChannelType.SLACK)) {
            String secret = channel.secretsUnreadable() ? null : channel.secret("signingSecret");
            if (secret != null && SlackSignature.matches(secret, timestamp, body, signature)) {
                signedBy.add(channel);
            }
        }
        if (signedBy.isEmpty()) {
            throw unauthorized("X-Slack-Signature does not match the signing secret of any Slack channel");
        }
        JsonNode payload = payload(body);
        if (!"block_actions".equals(payload.path("type").asText())) {
            throw ProblemException.invalid("payload.type", "must be block_actions");
        }
        JsonNode action = payload.path("actions").path(0);
        String actionId = action.path("action_id").asText();
        if (!ACKNOWLEDGE.equals(actionId) && !RESOLVE.equals(actionId)) {
            throw ProblemException.invalid("payload.actions[0].action_id",
                    "must be " + ACKNOWLEDGE + " or " + RESOLVE);
        }
        String incidentId = action.path("value").asText();
        String actionTs = action.path("action_ts").asText();
        String slackChannel = payload.path("container").path("channel_id").asText(payload.path("channel").path("id").asText());
        String messageTs = payload.path("container").path("message_ts").asText(payload.path("message").path("ts").asText());
        String userId = payload.path("user").path("id").asText();
        if (incidentId.isBlank() || actionTs.isBlank() || slackChannel.isBlank() || messageTs.isBlank()
                || userId.isBlank()) {
            throw ProblemException.invalid("payload",
                    "needs actions[0].value, actions[0].action_ts, container.channel_id, container.message_ts and user.id");
        }
        Channel channel = null;
        for (Channel candidate : signedBy) {
            // The incident's conversation may be the alert group's it took over.
            ThreadState thread = ThreadState.find(candidate.id,
                    conversations.incidentThreadKey(candidate.id, incidentId));
            if (thread != null && slackChannel.equals(thread.externalChannel) && messageTs.equals(thread.parentRef)) {
                channel = candidate;
                break;
            }
        }
        if (channel == null) {
            throw ProblemException.notFound("Slack message of incident", incidentId);
        }
        String actor = actorOf(channel, userId);
        if (actor == null) {
            throw new ProblemException(Response.Status.FORBIDDEN, "Forbidden", "Slack user " + userId
                    + " is not mapped to a Connect Ops user; ask an admin to add them to the channel's actors", null,
                    null);
        }
        IncidentCommand.Action what = ACKNOWLEDGE.equals(actionId) ? IncidentCommand.Action.ACKNOWLEDGE
                : IncidentCommand.Action.RESOLVE;
        String commandId = CommandEvents.commandId("slack", slackChannel, messageTs, actionId, actionTs);
        String text = what == IncidentCommand.Action.RESOLVE ? "Resolved from Slack by " + actor : null;
        IncidentCommand command = new IncidentCommand(commandId, incidentId, what, new Actor(actor, actor), text,
                "slack", messageTs, requestedAt(actionTs));
        boolean published = commands.publishOnce(command);
        String verb = what == IncidentCommand.Action.ACKNOWLEDGE ? "Acknowledging" : "Resolving";
        return SlackInteractionView.ephemeral(published ? verb + " as " + actor
                : "Already asked: this press was received before", commandId, !published);
    }

    /** The channel's {@code actors} setting: a JSON object of Slack user ids to Connect Ops user names. */
    static String actorOf(Channel channel, String slackUser) {
        Map<String, String> actors = SettingsJson.stringMap(channel.setting("actors"));
        String actor = actors == null ? null : actors.get(slackUser);
        return actor == null || actor.isBlank() ? null : actor;
    }

    private static JsonNode payload(String body) {
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && "payload".equals(pair.substring(0, equals))) {
                try {
                    JsonNode payload = EventCodec.mapper()
                            .readTree(URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                    if (payload != null && payload.isObject()) {
                        return payload;
                    }
                } catch (IOException | IllegalArgumentException e) {
                    break;
                }
            }
        }
        throw ProblemException.invalid("payload", "must be the form field payload holding Slack's JSON");
    }

    /** Slack's {@code action_ts} is Unix seconds with microseconds, e.g. {@code 1564701248.149432}. */
    private static Instant requestedAt(String actionTs) {
        try {
            BigDecimal seconds = new BigDecimal(actionTs);
            return Instant.ofEpochSecond(seconds.longValue(),
                    seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        } catch (NumberFormatException | ArithmeticException | DateTimeException e) {
            return Instant.now();
        }
    }

    private static ProblemException unauthorized(String detail) {
        return new ProblemException(Response.Status.UNAUTHORIZED, "Unauthorized", detail, null, null);
    }
}
