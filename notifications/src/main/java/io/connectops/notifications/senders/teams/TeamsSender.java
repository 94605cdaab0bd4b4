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
 * success; Workflows return no message id, so there is nothing to thread or update.
 */
@ApplicationScoped
public class TeamsSender implements ChannelSender {

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
        HttpCalls.Reply reply = http.send("POST", url, Map.of(), card(job.content()), List.of(url));
        if (!reply.ok()) {
            return reply.failure();
        }
        return SendResult.delivered(reply.status(), null, null, "Card accepted by Teams (HTTP " + reply.status() + ")");
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
