package io.connectops.notifications.senders;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.connectops.contracts.EventCodec;
import io.connectops.notifications.config.NotificationsConfig;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.SocketAddress;

/**
 * The HTTP side of every sender: one client with timeouts, the allow-list checked on every call, and one reading
 * of answers ({@link StatusClassifier}). The connection
 * goes to the address the policy checked (the name is not looked up again), with the original name as Host header,
 * TLS server name and certificate name. Replies are read up to {@link #MAX_REPLY_BYTES}. Details never contain the
 * URL or a secret.
 */
@ApplicationScoped
public class HttpCalls {

    /** Receivers answer with a few hundred bytes; more is not read (16 parallel senders must not run out of memory). */
    static final int MAX_REPLY_BYTES = 64 * 1024;

    @Inject
    NotificationsConfig config;

    @Inject
    OutboundPolicy policy;

    @Inject
    Vertx vertx;

    private volatile HttpClient client;
    private volatile Context context;

    /** An answer, or the failure that stands for it. {@code body} holds at most {@link #MAX_REPLY_BYTES}. */
    public record Reply(int status, String body, Map<String, List<String>> headers, SendResult failure) {

        public boolean ok() {
            return failure == null;
        }
    }

    public Reply send(String method, String url, Map<String, String> headers, Object body, Collection<String> secrets) {
        OutboundPolicy.Decision decision = policy.check(url);
        if (decision.target() == null) {
            SendResult refused = decision.retryable()
                    ? SendResult.retry(null, "Outbound URL not reachable: " + decision.refusal(), null)
                    : SendResult.failed(null, "Outbound URL refused: " + decision.refusal());
            return new Reply(0, null, Map.of(), refused);
        }
        String json;
        try {
            json = body == null ? null
                    : body instanceof String text ? text : EventCodec.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            return new Reply(0, null, Map.of(),
                    SendResult.failed(null, "Message cannot be written: " + e.getOriginalMessage()));
        }
        return exchange(decision.target(), method, headers, json, secrets, url);
    }

    /** One request to a checked target; the connection goes to {@code target.address()} and nowhere else. */
    Reply exchange(OutboundPolicy.Target target, String method, Map<String, String> headers, String json,
            Collection<String> secrets, String url) {
        long timeoutMs = config.outbound().requestTimeout().toMillis();
        String path = target.uri().getRawPath() == null || target.uri().getRawPath().isEmpty() ? "/"
                : target.uri().getRawPath();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(method))
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(target.address(), target.port())))
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.tls())
                .setURI(target.uri().getRawQuery() == null ? path : path + "?" + target.uri().getRawQuery())
                .setFollowRedirects(false)
                .setConnectTimeout(config.outbound().connectTimeout().toMillis())
                .putHeader("Accept", "application/json")
                .putHeader("User-Agent", "connect-ops-notifications");
        if (json != null && headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
            options.putHeader("Content-Type", "application/json; charset=utf-8");
        }
        headers.forEach(options::putHeader);
        CompletableFuture<Reply> answer = new CompletableFuture<>();
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        HttpClient http = client();
        // Everything runs on the client's one event-loop context, so the response handlers are set in the same task
        // that receives the headers: set later (from another thread), a short body would already be gone.
        context.runOnContext(start -> http.request(options).onSuccess(request -> {
            sent.set(request);
            request.response().onSuccess(response -> read(response, answer)).onFailure(answer::completeExceptionally);
            if (json == null) {
                request.end();
            } else {
                request.end(Buffer.buffer(json));
            }
        }).onFailure(answer::completeExceptionally));
        Reply reply;
        try {
            reply = answer.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            reset(sent.get());
            return new Reply(0, null, Map.of(), left(sent, "No answer within " + timeoutMs + " ms"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reset(sent.get());
            return new Reply(0, null, Map.of(), left(sent, "Interrupted while sending"));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause.getClass().getSimpleName().contains("ConnectTimeout")) {
                return new Reply(0, null, Map.of(), SendResult.retry(null, "Connection timed out", null));
            }
            return new Reply(0, null, Map.of(), left(sent,
                    "Connection failed: " + redact(String.valueOf(cause.getMessage()), secrets, url)));
        }
        int status = reply.status();
        String body = reply.body();
        if (StatusClassifier.ofStatus(status) == SendResult.Outcome.DELIVERED) {
            return reply;
        }
        String detail = "HTTP " + status + (body.isBlank() ? "" : ": " + abbreviate(redact(body, secrets, url)));
        List<String> retryAfter = reply.headers().get("retry-after");
        SendResult failure = StatusClassifier.failure(status, detail,
                retryAfter == null || retryAfter.isEmpty() ? null : retryAfter.get(0));
        return new Reply(status, body, reply.headers(), failure);
    }

    /**
     * A failure without an answer. Once the request had a connection it may have been read and acted on: a timeout
     * is then not a plain failure to repeat, the next attempt looks first ({@link SendResult#unanswered}).
     */
    private static SendResult left(AtomicReference<HttpClientRequest> sent, String detail) {
        return sent.get() == null ? SendResult.retry(null, detail, null) : SendResult.unanswered(detail);
    }

    /** Collects the body up to the cap; past it, the exchange is cut off and what was read is the answer. */
    private static void read(HttpClientResponse response, CompletableFuture<Reply> answer) {
        Map<String, List<String>> headers = new HashMap<>();
        response.headers().forEach(header -> headers.computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT),
                name -> new ArrayList<>()).add(header.getValue()));
        Buffer body = Buffer.buffer();
        response.handler(chunk -> {
            if (answer.isDone()) {
                return;
            }
            int room = MAX_REPLY_BYTES - body.length();
            if (chunk.length() < room) {
                body.appendBuffer(chunk);
                return;
            }
            body.appendBuffer(chunk, 0, room);
            answer.complete(new Reply(response.statusCode(), body.toString(StandardCharsets.UTF_8),
                    headers, null));
            response.request().reset();
        });
        response.exceptionHandler(failure -> answer.completeExceptionally(failure));
        response.endHandler(end -> answer.complete(new Reply(response.statusCode(),
                body.toString(StandardCharsets.UTF_8), headers, null)));
    }

    private void reset(HttpClientRequest request) {
        if (request != null) {
            context.runOnContext(v -> request.reset());
        }
    }

    /** Replaces every secret (and the URL, which may carry one) in a text from outside. */
    public static String redact(String text, Collection<String> secrets, String url) {
        if (text == null) {
            return null;
        }
        String redacted = text;
        if (url != null && !url.isBlank()) {
            redacted = redacted.replace(url, "[url]");
        }
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 4) {
                redacted = redacted.replace(secret, "***");
            }
        }
        return redacted;
    }

    static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "…";
    }

    private HttpClient client() {
        HttpClient current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    // A context of its own, never the caller's (a REST request's context ends with that request).
                    context = ((VertxInternal) vertx).createEventLoopContext();
                    // Host names are checked against the certificate and sent as SNI even though the connection
                    // goes to an address: that is what keeps TLS honest with a pinned address.
                    client = vertx.createHttpClient(new HttpClientOptions()
                            .setConnectTimeout((int) config.outbound().connectTimeout().toMillis())
                            .setVerifyHost(true).setForceSni(true).setMaxPoolSize(32)
                            .setKeepAliveTimeout(30));
                }
                current = client;
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        HttpClient current = client;
        if (current != null) {
            current.close();
        }
    }
}
