package io.connectops.fakes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of the Slack Web API that notifications use: {@code POST /api/chat.postMessage} (answers a {@code ts},
 * threads with {@code thread_ts}, keeps message {@code metadata}), {@code POST /api/chat.update},
 * {@code GET|POST /api/conversations.history} and {@code /api/conversations.replies} (newest first and oldest first,
 * {@code limit}/{@code cursor} paging, {@code oldest}/{@code latest}, metadata only with
 * {@code include_all_metadata=true}), and incoming webhooks under {@code /services/} (answer the plain text
 * {@code ok}). Errors follow Slack: HTTP 200 with {@code ok:false}; rate limits are HTTP 429
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
    private final Map<String, Map<String, Object>> metadataByTs = new LinkedHashMap<>();
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

    /** The {@code metadata} ({@code event_type}, {@code event_payload}) a message was posted with, or null. */
    public synchronized Map<String, Object> metadataOf(String ts) {
        return metadataByTs.get(ts);
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
        metadataByTs.clear();
    }

    @Override
    protected Answer answer(Request request) {
        boolean read = request.path().equals("/api/conversations.history")
                || request.path().equals("/api/conversations.replies");
        if (!"POST".equals(request.method()) && !(read && "GET".equals(request.method()))) {
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
        Map<String, Object> body = "GET".equals(request.method()) ? new LinkedHashMap<>(request.queryParameters())
                : readObject(request.body());
        if (body == null) {
            return slackError("invalid_json");
        }
        switch (request.path()) {
            case "/api/conversations.history":
                return history(body);
            case "/api/conversations.replies":
                return replies(body);
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
        Map<String, Object> message = new LinkedHashMap<>(Map.of("text", String.valueOf(body.get("text")), "ts", ts));
        if (body.get("metadata") instanceof Map<?, ?> metadata && metadata.get("event_type") != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> kept = new LinkedHashMap<>((Map<String, Object>) metadata);
            metadataByTs.put(ts, kept);
            message.put("metadata", kept);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ok", true);
        answer.put("channel", channel);
        answer.put("ts", ts);
        answer.put("message", message);
        return Answer.json(200, answer);
    }

    /** A channel's top-level messages, newest first, as conversations.history pages them. */
    private Answer history(Map<String, Object> arguments) {
        String channel = (String) arguments.get("channel");
        if (channel == null || channel.isBlank()) {
            return slackError("channel_not_found");
        }
        List<Message> found = new ArrayList<>();
        for (Message message : messages) {
            if (message.channel().equals(channel) && message.threadTs() == null && inRange(message.ts(), arguments)) {
                found.add(0, message);
            }
        }
        return page(found, arguments);
    }

    /** A thread: its parent first, then the replies oldest first, as conversations.replies pages them. */
    private Answer replies(Map<String, Object> arguments) {
        String channel = (String) arguments.get("channel");
        String ts = (String) arguments.get("ts");
        List<Message> found = new ArrayList<>();
        for (Message message : messages) {
            if (message.channel().equals(channel) && (message.ts().equals(ts) || ts.equals(message.threadTs()))
                    && (message.ts().equals(ts) || inRange(message.ts(), arguments))) {
                found.add(message);
            }
        }
        if (found.isEmpty() || !found.get(0).ts().equals(ts)) {
            return slackError("thread_not_found");
        }
        return page(found, arguments);
    }

    private static boolean inRange(String ts, Map<String, Object> arguments) {
        double at = Double.parseDouble(ts);
        Object oldest = arguments.get("oldest");
        Object latest = arguments.get("latest");
        return (oldest == null || at > Double.parseDouble(String.valueOf(oldest)))
                && (latest == null || at < Double.parseDouble(String.valueOf(latest)));
    }

    private Answer page(List<Message> found, Map<String, Object> arguments) {
        int limit = arguments.get("limit") == null ? 100 : Integer.parseInt(String.valueOf(arguments.get("limit")));
        Object cursor = arguments.get("cursor");
        int from = cursor == null || String.valueOf(cursor).isEmpty() ? 0 : Integer.parseInt(String.valueOf(cursor));
        int to = Math.min(found.size(), from + limit);
        boolean withMetadata = "true".equals(String.valueOf(arguments.get("include_all_metadata")));
        List<Map<String, Object>> page = new ArrayList<>();
        for (Message message : found.subList(Math.min(from, to), to)) {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("type", "message");
            shown.put("subtype", "bot_message");
            shown.put("text", message.text());
            shown.put("ts", message.ts());
            if (message.threadTs() != null) {
                shown.put("thread_ts", message.threadTs());
            } else if (messages.stream().anyMatch(m -> message.ts().equals(m.threadTs()))) {
                shown.put("thread_ts", message.ts());
            }
            if (withMetadata && metadataByTs.containsKey(message.ts())) {
                shown.put("metadata", metadataByTs.get(message.ts()));
            }
            page.add(shown);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ok", true);
        answer.put("messages", page);
        answer.put("has_more", to < found.size());
        answer.put("response_metadata", Map.of("next_cursor", to < found.size() ? Integer.toString(to) : ""));
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
