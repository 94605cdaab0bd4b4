package io.connectops.notifications.senders.teams;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.connectops.notifications.content.MessageContent;
import io.connectops.notifications.content.MessageContent.Fact;
import io.connectops.notifications.senders.ChannelSender;
import io.connectops.notifications.senders.ChannelType;
import io.connectops.notifications.senders.HttpCalls;
import io.connectops.notifications.senders.SendJob;
import io.connectops.notifications.senders.SendResult;

/**
 * Microsoft Teams through a Workflows webhook: one Adaptive Card (1.4, which every tenant renders) per change, in
 * the {@code {"type":"message","attachments":[…]}} envelope the stock flow iterates. Any 2xx (normally 202) is
 * success; Workflows return no message id, so there is nothing to thread or update: the messages of one conversation
 * form a series of cards instead (see {@link #cardContent}).
 */
@ApplicationScoped
public class TeamsSender implements ChannelSender {

    /** The handle a Teams series is remembered by: {@code teams-series:<id of the delivery that began it>}. */
    static final String SERIES = "teams-series:";

    @Inject
    HttpCalls http;

    @Override
    public ChannelType type() {
        return ChannelType.TEAMS;
    }

    @Override
    public SendResult send(SendJob job) {
        String url = job.channel().secret("workflowUrl");
        if (url == null) {
            return SendResult.failed(null, "Teams channel has no workflow URL");
        }
        HttpCalls.Reply reply = http.send("POST", url, Map.of(), card(cardContent(job)), List.of(url));
        if (!reply.ok()) {
            return reply.failure();
        }
        // Workflows keep no message id: the series is known by the delivery that began it.
        SendJob.Thread series = job.thread() == null && job.deliveryId() != null
                ? new SendJob.Thread(null, SERIES + job.deliveryId(), null) : null;
        return SendResult.delivered(reply.status(), null, series,
                "Card accepted by Teams (HTTP " + reply.status() + ")");
    }

    /**
     * The card of a message: an alert group's first card lists the group's alerts; a later card of an alert in a
     * group's or an incident's series is a follow-up, headed by the series it continues, saying what changed (and,
     * for a group, its alerts now). Teams cannot update or thread a Workflows card, so the series is the card titles.
     */
    static MessageContent cardContent(SendJob job) {
        SendJob.Conversation conversation = job.conversation();
        MessageContent content = job.content();
        if (conversation == null) {
            return content;
        }
        if (job.thread() == null) {
            return conversation.kind() == SendJob.Conversation.Kind.GROUP ? conversation.parent() : content;
        }
        String series = conversation.series() != null ? conversation.series() : content.headline();
        String text = conversation.kind() == SendJob.Conversation.Kind.GROUP
                ? joined(content.text(), conversation.parent().statusLine() + "\n" + conversation.parent().text())
                : content.text();
        return new MessageContent("↳ " + series, content.headline() + " — " + content.statusLine(),
                content.status(), content.severity(), content.tone(), text, content.facts(), content.link(),
                content.linkTitle(), content.runbookUrl());
    }

    private static String joined(String first, String second) {
        return first == null || first.isBlank() ? second : first + "\n\n" + second;
    }

    static Map<String, Object> card(MessageContent content) {
        List<Object> body = new ArrayList<>();
        body.add(Map.of("type", "TextBlock", "text", content.headline(), "weight", "Bolder", "size", "Medium",
                "wrap", true, "style", "heading", "color", color(content.tone())));
        body.add(Map.of("type", "TextBlock", "text", content.statusLine(), "weight", "Bolder", "wrap", true,
                "spacing", "Small"));
        if (content.text() != null && !content.text().isBlank()) {
            body.add(Map.of("type", "TextBlock", "text", MessageContent.truncate(content.text(), 4000), "wrap", true));
        }
        if (!content.facts().isEmpty()) {
            List<Object> facts = new ArrayList<>();
            for (Fact fact : content.facts()) {
                facts.add(Map.of("title", fact.title(), "value", fact.value()));
            }
            body.add(Map.of("type", "FactSet", "facts", facts));
        }
        List<Object> actions = new ArrayList<>();
        if (content.link() != null) {
            actions.add(Map.of("type", "Action.OpenUrl", "title", content.linkTitle(), "url", content.link()));
        }
        if (content.runbookUrl() != null) {
            actions.add(Map.of("type", "Action.OpenUrl", "title", "Runbook", "url", content.runbookUrl()));
        }
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        card.put("body", body);
        if (!actions.isEmpty()) {
            card.put("actions", actions);
        }
        card.put("msteams", Map.of("width", "Full"));
        Map<String, Object> attachment = new LinkedHashMap<>();
        attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.put("contentUrl", null);
        attachment.put("content", card);
        return Map.of("type", "message", "attachments", List.of(attachment));
    }

    private static String color(MessageContent.Tone tone) {
        switch (tone) {
            case ALERT:
                return "Attention";
            case GOOD:
                return "Good";
            case WARNING:
                return "Warning";
            default:
                return "Default";
        }
    }
}
