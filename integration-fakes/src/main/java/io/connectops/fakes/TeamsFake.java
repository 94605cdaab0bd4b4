package io.connectops.fakes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Microsoft Teams Workflows ("Post to a channel when a webhook request is received") endpoint: any path takes a
 * {@code {"type":"message","attachments":[Adaptive Card]}} and answers {@code 202 Accepted} with no body. Like the
 * stock flow, a body without {@code attachments} fails (400).
 */
public class TeamsFake extends FakeHttpServer {

    private final List<Map<String, Object>> cards = new ArrayList<>();

    /** The Adaptive Cards posted (the {@code content} of each attachment), oldest first. */
    public synchronized List<Map<String, Object>> cards() {
        return List.copyOf(cards);
    }

    @Override
    protected void resetState() {
        cards.clear();
    }

    @Override
    @SuppressWarnings("unchecked")
    protected Answer answer(Request request) {
        if (!"POST".equals(request.method())) {
            return Answer.text(405, "method not allowed");
        }
        Map<String, Object> body = readObject(request.body());
        if (body == null || !(body.get("attachments") instanceof List<?> attachments) || attachments.isEmpty()) {
            return Answer.json(400, Map.of("error", Map.of("code", "InvalidTemplate",
                    "message", "'foreach' expression 'attachments' is of type 'Null'")));
        }
        for (Object attachment : attachments) {
            Map<String, Object> card = (Map<String, Object>) ((Map<String, Object>) attachment).get("content");
            if (card == null || !"AdaptiveCard".equals(card.get("type"))) {
                return Answer.json(400, Map.of("error", Map.of("code", "InvalidCard",
                        "message", "Only Adaptive Cards are supported")));
            }
            cards.add(card);
        }
        return Answer.empty(202);
    }
}
