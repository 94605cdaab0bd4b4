package io.connectops.notifications.senders.slack;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.connectops.contracts.EventCodec;
import io.connectops.contracts.IncidentEvent;
import io.connectops.notifications.content.MessageContent;
import io.connectops.notifications.content.MessageContent.Fact;
import io.connectops.notifications.senders.ChannelSender;
import io.connectops.notifications.senders.ChannelType;
import io.connectops.notifications.senders.HttpCalls;
import io.connectops.notifications.senders.SendJob;
import io.connectops.notifications.senders.SendResult;
import io.connectops.notifications.senders.StatusClassifier;

/**
 * Slack with a bot token: the first message of a conversation is posted with {@code chat.postMessage} and its
 * {@code ts} remembered; later messages go into its thread ({@code thread_ts}) and the first message is updated
 * ({@code chat.update}) with the current status. An alert group's first message lists the group's alerts and is
 * updated to the list as it changes; an alert's reply in an incident's thread leaves the incident's parent alone. Every post carries the delivery id in its message metadata, so
 * that a delivery whose last attempt may have arrived unrecorded is looked up before it is posted again. Without a bot
 * token, an incoming webhook (no threads, no updates, no look-up).
 */
@ApplicationScoped
public class SlackSender implements ChannelSender {

    static final String DEFAULT_API = "https://slack.com/api";
    /** The metadata {@code event_type} of every post; its {@code event_payload} carries {@code delivery_id}. */
    static final String METADATA_TYPE = "connectops_delivery";
    /** The incident statuses in which the buttons are offered (incidents' open statuses). */
    static final Set<String> OPEN_STATUSES = Set.of("TRIAGE", "MITIGATING", "MONITORING");
    /** Pages of 200 messages searched for an earlier post before giving up. */
    private static final int LOOKUP_PAGES = 5;
    private static final Logger LOG = Logger.getLogger(SlackSender.class);

    @Inject
    HttpCalls http;

    @Override
    public ChannelType type() {
        return ChannelType.SLACK;
    }

    /** With a bot token a message in doubt is looked for in the channel or thread; an incoming webhook cannot be. */
    @Override
    public boolean looksForEarlierAttempts(SendJob.ChannelSnapshot channel) {
        return channel.secret("botToken") != null;
    }

    @Override
    public SendResult send(SendJob job) {
        SendJob.ChannelSnapshot channel = job.channel();
        String token = channel.secret("botToken");
        if (token == null) {
            // An incoming webhook cannot be searched: a message in doubt is sent again.
            return sendToWebhook(job);
        }
        Api api = new Api(channel.setting("apiUrl") != null ? channel.setting("apiUrl") : DEFAULT_API,
                Map.of("Authorization", "Bearer " + token), List.of(token));
        SendJob.Thread thread = job.thread();
        boolean parent = thread == null || job.isTest();
        if (job.unconfirmedSince() != null && job.deliveryId() != null) {
            Earlier earlier = parent ? findEarlier(api, job, channel.setting("channel"), null)
                    : findEarlier(api, job, thread.externalChannel(), thread.parentRef());
            if (earlier.failure() != null) {
                return earlier.failure();
            }
            if (earlier.ts() != null && parent) {
                return SendResult.delivered(200, earlier.ts(), new SendJob.Thread(earlier.channel(), earlier.ts(), null),
                        "Found in Slack, posted by an attempt whose outcome was not recorded");
            }
            if (earlier.ts() != null) {
                return updateParent(api, job, thread, earlier.ts(), 200, "Found in thread " + thread.parentRef()
                        + ", posted by an attempt whose outcome was not recorded");
            }
        }
        if (parent) {
            Map<String, Object> message = marked(message(parentContent(job), true, commandButtons(job)), job);
            message.put("channel", channel.setting("channel"));
            HttpCalls.Reply reply = http.send("POST", api.url() + "/chat.postMessage", api.auth(), message,
                    api.secrets());
            JsonNode answer = read(reply);
            SendResult failure = failure(reply, answer);
            if (failure != null) {
                return failure;
            }
            String ts = answer.path("ts").asText();
            return SendResult.delivered(reply.status(), ts,
                    new SendJob.Thread(answer.path("channel").asText(channel.setting("channel")), ts, null),
                    "Posted to Slack");
        }
        Map<String, Object> replyMessage = marked(message(job.content(), false, List.of()), job);
        replyMessage.put("channel", thread.externalChannel());
        replyMessage.put("thread_ts", thread.parentRef());
        HttpCalls.Reply reply = http.send("POST", api.url() + "/chat.postMessage", api.auth(), replyMessage,
                api.secrets());
        JsonNode answer = read(reply);
        SendResult failure = failure(reply, answer);
        if (failure != null) {
            return failure;
        }
        return updateParent(api, job, thread, answer.path("ts").asText(), reply.status(),
                "Replied in thread " + thread.parentRef());
    }

    /** What the conversation's first message says, and what it is updated to: an alert group's list, or the event. */
    private static MessageContent parentContent(SendJob job) {
        SendJob.Conversation conversation = job.conversation();
        return conversation != null && conversation.kind() == SendJob.Conversation.Kind.GROUP
                ? conversation.parent() : job.content();
    }

    /** The Web API base, its authorization header, and the secret to keep out of details. */
    private record Api(String url, Map<String, String> auth, List<String> secrets) {
    }

    /** A message this delivery posted before ({@code ts} and channel id), none, or why Slack cannot be asked now. */
    private record Earlier(String ts, String channel, SendResult failure) {
    }

    /**
     * The reply is out; the parent is updated with the current status. A failed update must not make the reply be
     * posted again, so it is only noted.
     */
    private SendResult updateParent(Api api, SendJob job, SendJob.Thread thread, String replyTs, int status,
            String done) {
        SendJob.Conversation conversation = job.conversation();
        if (conversation != null && conversation.kind() == SendJob.Conversation.Kind.INCIDENT_REPLY) {
            // The incident's own messages keep its parent current; an alert's reply leaves it alone.
            return SendResult.delivered(status, replyTs, null, done);
        }
        Map<String, Object> parent = message(parentContent(job), true, commandButtons(job));
        parent.put("channel", thread.externalChannel());
        parent.put("ts", thread.parentRef());
        HttpCalls.Reply update = http.send("POST", api.url() + "/chat.update", api.auth(), parent, api.secrets());
        SendResult updateFailure = failure(update, read(update));
        String detail = updateFailure == null ? done + " and updated it"
                : done + "; parent not updated: " + updateFailure.detail();
        return SendResult.delivered(status, replyTs, null, detail);
    }

    /**
     * Looks for the message an earlier attempt of this delivery may have posted, by the delivery id in its metadata:
     * the channel's latest messages ({@code conversations.history}) for a first message, the thread
     * ({@code conversations.replies}) for a reply, up to {@link #LOOKUP_PAGES} pages. Slack busy or down: try again
     * later. Slack refusing the look (a channel name instead of its id, a token without {@code channels:history}):
     * the message is sent, as losing it would be worse than a repeat.
     */
    private Earlier findEarlier(Api api, SendJob job, String channelId, String parentTs) {
        String wanted = job.deliveryId().toString();
        String cursor = "";
        for (int page = 0; page < LOOKUP_PAGES; page++) {
            String url = api.url() + (parentTs == null ? "/conversations.history" : "/conversations.replies")
                    + "?channel=" + encode(channelId) + (parentTs == null ? "" : "&ts=" + encode(parentTs))
                    + "&include_all_metadata=true&limit=200" + (cursor.isEmpty() ? "" : "&cursor=" + encode(cursor));
            HttpCalls.Reply reply = http.send("GET", url, api.auth(), null, api.secrets());
            JsonNode answer = read(reply);
            SendResult failure = failure(reply, answer);
            if (failure != null) {
                if (failure.outcome() == SendResult.Outcome.RETRY) {
                    return new Earlier(null, null, failure);
                }
                LOG.warnf("Delivery %s: Slack cannot be searched for an earlier post (%s); sending it again",
                        wanted, failure.detail());
                return new Earlier(null, null, null);
            }
            for (JsonNode message : answer.path("messages")) {
                JsonNode metadata = message.path("metadata");
                if (METADATA_TYPE.equals(metadata.path("event_type").asText())
                        && wanted.equals(metadata.path("event_payload").path("delivery_id").asText())) {
                    return new Earlier(message.path("ts").asText(), channelId, null);
                }
            }
            cursor = answer.path("response_metadata").path("next_cursor").asText("");
            if (cursor.isEmpty()) {
                break;
            }
        }
        return new Earlier(null, null, null);
    }

    /** Tags a post with the delivery id (Slack message metadata), so that it can be found again. */
    private static Map<String, Object> marked(Map<String, Object> message, SendJob job) {
        if (job.deliveryId() != null) {
            message.put("metadata", Map.of("event_type", METADATA_TYPE,
                    "event_payload", Map.of("delivery_id", job.deliveryId().toString())));
        }
        return message;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private SendResult sendToWebhook(SendJob job) {
        String url = job.channel().secret("webhookUrl");
        if (url == null) {
            return SendResult.failed(null, "Slack channel has neither a bot token nor a webhook URL");
        }
        HttpCalls.Reply reply = http.send("POST", url, Map.of(), message(job.content(), true, List.of()), List.of(url));
        if (!reply.ok()) {
            return reply.failure();
        }
        return SendResult.delivered(reply.status(), null, null, "Posted to Slack webhook");
    }

    private static JsonNode read(HttpCalls.Reply reply) {
        if (reply.body() == null || reply.body().isBlank()) {
            return EventCodec.mapper().createObjectNode();
        }
        try {
            return EventCodec.mapper().readTree(reply.body());
        } catch (IOException e) {
            return EventCodec.mapper().createObjectNode();
        }
    }

    /** Slack reports most errors as HTTP 200 with {@code ok:false}. */
    private static SendResult failure(HttpCalls.Reply reply, JsonNode answer) {
        if (!reply.ok()) {
            return reply.failure();
        }
        if (answer.path("ok").asBoolean(false)) {
            return null;
        }
        String error = answer.path("error").asText("unreadable answer");
        return StatusClassifier.slackError(reply.status(), error);
    }

    /**
     * The Acknowledge and Resolve buttons of an incident's parent message, while the incident is open: Acknowledge
     * until someone acknowledged it. Only a channel with a signing secret gets them (without it, a press could not be
     * verified and would lead nowhere); the value is the incident id, the press comes back to
     * {@link SlackInteractionResource}.
     */
    static List<Object> commandButtons(SendJob job) {
        if (!(job.event() instanceof IncidentEvent incident) || job.channel().secret("signingSecret") == null
                || !OPEN_STATUSES.contains(String.valueOf(incident.status()))) {
            return List.of();
        }
        List<Object> buttons = new ArrayList<>();
        if (!job.acknowledged() && incident.change() != IncidentEvent.Change.ACKNOWLEDGED) {
            buttons.add(Map.of("type", "button", "action_id", SlackInteractions.ACKNOWLEDGE, "style", "primary",
                    "text", plain("Acknowledge"), "value", incident.incidentId()));
        }
        buttons.add(Map.of("type", "button", "action_id", SlackInteractions.RESOLVE, "style", "danger",
                "text", plain("Resolve"), "value", incident.incidentId(),
                "confirm", Map.of("title", plain("Resolve the incident?"),
                        "text", plain("It is resolved as fixed, with you as the resolver."),
                        "confirm", plain("Resolve"), "deny", plain("Cancel"))));
        return buttons;
    }

    /** Block Kit: a header, what happened, the facts, the command buttons, buttons to the incident and the runbook. */
    static Map<String, Object> message(MessageContent content, boolean parent, List<Object> commandButtons) {
        List<Object> blocks = new ArrayList<>();
        if (parent) {
            blocks.add(Map.of("type", "header", "text", plain(MessageContent.truncate(emoji(content) + " " + content.headline(), 150))));
            blocks.add(section("*" + escape(content.statusLine()) + "*"
                    + (content.status() == null ? "" : "  ·  Status: *" + escape(content.status()) + "*")
                    + (content.text() == null ? "" : "\n" + escape(content.text()))));
        } else {
            blocks.add(section("*" + escape(content.statusLine()) + "*"
                    + (content.text() == null ? "" : "\n" + escape(content.text()))));
        }
        List<Object> fields = new ArrayList<>();
        for (Fact fact : content.facts()) {
            if (fields.size() == 10) {
                break;
            }
            fields.add(Map.of("type", "mrkdwn", "text", "*" + escape(fact.title()) + "*\n" + escape(fact.value())));
        }
        if (!fields.isEmpty()) {
            blocks.add(Map.of("type", "section", "fields", fields));
        }
        List<Object> buttons = new ArrayList<>(commandButtons);
        if (content.link() != null) {
            buttons.add(Map.of("type", "button", "text", plain(content.linkTitle()), "url", content.link()));
        }
        if (content.runbookUrl() != null) {
            buttons.add(Map.of("type", "button", "text", plain("Runbook"), "url", content.runbookUrl()));
        }
        if (!buttons.isEmpty()) {
            blocks.add(Map.of("type", "actions", "elements", buttons));
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("text", MessageContent.truncate(content.plainText(), 1000));
        message.put("blocks", blocks);
        return message;
    }

    private static String emoji(MessageContent content) {
        switch (content.tone()) {
            case ALERT:
                return ":red_circle:";
            case GOOD:
                return ":large_green_circle:";
            case WARNING:
                return ":large_orange_circle:";
            default:
                return ":information_source:";
        }
    }

    private static Map<String, Object> section(String markdown) {
        return Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", MessageContent.truncate(markdown, 3000)));
    }

    private static Map<String, Object> plain(String text) {
        return Map.of("type", "plain_text", "text", text, "emoji", true);
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

}
