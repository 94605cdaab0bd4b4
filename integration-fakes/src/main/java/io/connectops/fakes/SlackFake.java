package io.connectops.fakes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of the Slack Web API that notifications use: {@code POST /api/chat.postMessage} (answers a {@code ts},
 * threads with {@code thread_ts}), {@code POST /api/chat.update}, and incoming webhooks under {@code /services/}
 * (answer the plain text {@code ok}). Errors follow Slack: HTTP 200 with {@code ok:false}; rate limits are HTTP 429
 * with {@code Retry-After} and {@code {"ok":false,"error":"rate_limited"}}.
 */
public class SlackFake extends FakeHttpServer {

    /** A message in a channel, with the edits chat.update made to it. */
    public record Message(String channel, String ts, String threadTs, String text, Object blocks, List<String> edits) {
    }

    private final String botToken;
    private final List<Message> messages = new ArrayList<>();
    private final List<Map<String, Object>> webhookPosts = new ArrayList<>();
    private final List<String> pendingErrors = new ArrayList<>();
    private long clock = 1_700_000_000_000L;

    /** Accepts only {@code Authorization: Bearer <botToken>} on the Web API. */
    public SlackFake(String botToken) {
        this.botToken = botToken;
    }

    public synchronized List<Message> messages() {
        return List.copyOf(messages);
    }

    public synchronized List<Message> messagesIn(String channel) {
        return messages.stream().filter(m -> m.channel().equals(channel)).toList();
    }

    public synchronized List<Map<String, Object>> webhookPosts() {
        return List.copyOf(webhookPosts);
    }

    /**
     * The next {@code times} Web API calls answer HTTP 200 {@code {"ok":false,"error":<error>}}, the way Slack
     * reports most failures, e.g. {@code ratelimited} for a workspace over its message limit.
     */
    public synchronized void failNextWith(String error, int times) {
        for (int i = 0; i < times; i++) {
            pendingErrors.add(error);
        }
    }

    @Override
    protected void resetState() {
        messages.clear();
        webhookPosts.clear();
        pendingErrors.clear();
    }

    @Override
    protected Answer answer(Request request) {
        if (!"POST".equals(request.method())) {
            return Answer.text(405, "method not allowed");
        }
        if (request.path().startsWith("/services/")) {
            Map<String, Object> body = readObject(request.body());
            if (body == null || (body.get("text") == null && body.get("blocks") == null)) {
                return Answer.text(400, "no_text");
            }
            webhookPosts.add(body);
            return Answer.text(200, "ok");
        }
        if (!("Bearer " + botToken).equals(request.header("Authorization"))) {
            return slackError("invalid_auth");
        }
        if (!pendingErrors.isEmpty()) {
            return slackError(pendingErrors.remove(0));
        }
        Map<String, Object> body = readObject(request.body());
        if (body == null) {
            return slackError("invalid_json");
        }
        switch (request.path()) {
            case "/api/chat.postMessage":
                return postMessage(body);
            case "/api/chat.update":
                return update(body);
            default:
                return slackError("unknown_method");
        }
    }

    private Answer postMessage(Map<String, Object> body) {
        String channel = (String) body.get("channel");
        if (channel == null || channel.isBlank()) {
            return slackError("channel_not_found");
        }
        String threadTs = (String) body.get("thread_ts");
        if (threadTs != null && messages.stream().noneMatch(m -> m.ts().equals(threadTs) && m.channel().equals(channel))) {
            return slackError("thread_not_found");
        }
        clock += 1;
        String ts = String.format("%d.%06d", clock / 1000, (clock % 1000) * 1000);
        messages.add(new Message(channel, ts, threadTs, (String) body.get("text"), body.get("blocks"),
                new ArrayList<>()));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ok", true);
        answer.put("channel", channel);
        answer.put("ts", ts);
        answer.put("message", Map.of("text", String.valueOf(body.get("text")), "ts", ts));
        return Answer.json(200, answer);
    }

    private Answer update(Map<String, Object> body) {
        String channel = (String) body.get("channel");
        String ts = (String) body.get("ts");
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            if (message.channel().equals(channel) && message.ts().equals(ts)) {
                List<String> edits = new ArrayList<>(message.edits());
                edits.add((String) body.get("text"));
                messages.set(i, new Message(channel, ts, message.threadTs(), (String) body.get("text"),
                        body.get("blocks"), edits));
                return Answer.json(200, Map.of("ok", true, "channel", channel, "ts", ts));
            }
        }
        return slackError("message_not_found");
    }

    @Override
    protected Answer rateLimited(int retryAfterSeconds) {
        Answer json = Answer.json(429, Map.of("ok", false, "error", "rate_limited", "retry_after", retryAfterSeconds));
        return new Answer(429, json.contentType(), json.body(), Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }

    private static Answer slackError(String error) {
        return Answer.json(200, Map.of("ok", false, "error", error));
    }
}
