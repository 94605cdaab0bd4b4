package io.connectops.notifications.senders.slack;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import io.connectops.contracts.EventCodec;
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
 * ({@code chat.update}) with the current status. Without a bot token, an incoming webhook (no threads, no updates).
 */
@ApplicationScoped
public class SlackSender implements ChannelSender {

    static final String DEFAULT_API = "https://slack.com/api";

    @Inject
    HttpCalls http;

    @Override
    public ChannelType type() {
        return ChannelType.SLACK;
    }

    @Override
    public SendResult send(SendJob job) {
        SendJob.ChannelSnapshot channel = job.channel();
        String token = channel.secret("botToken");
        if (token == null) {
            return sendToWebhook(job);
        }
        String api = channel.setting("apiUrl") != null ? channel.setting("apiUrl") : DEFAULT_API;
        List<String> secrets = List.of(token);
        Map<String, String> auth = Map.of("Authorization", "Bearer " + token);
        SendJob.Thread thread = job.thread();
        if (thread == null || job.isTest()) {
            Map<String, Object> message = message(job.content(), true);
            message.put("channel", channel.setting("channel"));
            HttpCalls.Reply reply = http.send("POST", api + "/chat.postMessage", auth, message, secrets);
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
        Map<String, Object> replyMessage = message(job.content(), false);
        replyMessage.put("channel", thread.externalChannel());
        replyMessage.put("thread_ts", thread.parentRef());
        HttpCalls.Reply reply = http.send("POST", api + "/chat.postMessage", auth, replyMessage, secrets);
        JsonNode answer = read(reply);
        SendResult failure = failure(reply, answer);
        if (failure != null) {
            return failure;
        }
        String replyTs = answer.path("ts").asText();
        // The reply is out; a failed parent update must not make the reply be posted again, so it is only noted.
        Map<String, Object> parent = message(job.content(), true);
        parent.put("channel", thread.externalChannel());
        parent.put("ts", thread.parentRef());
        HttpCalls.Reply update = http.send("POST", api + "/chat.update", auth, parent, secrets);
        SendResult updateFailure = failure(update, read(update));
        String detail = updateFailure == null ? "Replied in thread " + thread.parentRef() + " and updated it"
                : "Replied in thread " + thread.parentRef() + "; parent not updated: " + updateFailure.detail();
        return SendResult.delivered(reply.status(), replyTs, null, detail);
    }

    private SendResult sendToWebhook(SendJob job) {
        String url = job.channel().secret("webhookUrl");
        if (url == null) {
            return SendResult.failed(null, "Slack channel has neither a bot token nor a webhook URL");
        }
        HttpCalls.Reply reply = http.send("POST", url, Map.of(), message(job.content(), true), List.of(url));
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

    /** Block Kit: a header, what happened, the facts, buttons to the incident and the runbook. */
    static Map<String, Object> message(MessageContent content, boolean parent) {
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
        List<Object> buttons = new ArrayList<>();
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
