package io.connectops.notifications.service;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.connectops.contracts.EventCodec;
import io.connectops.notifications.config.NotificationsConfig;

/**
 * The HTTP side of every sender: one client with timeouts, the allow-list checked on every call, and one reading
 * of answers (2xx delivered; 408, 429 and 5xx retried with {@code Retry-After}; other 4xx failed). Details never
 * contain the URL or a secret.
 */
@ApplicationScoped
public class HttpCalls {

    @Inject
    NotificationsConfig config;

    @Inject
    OutboundPolicy policy;

    private volatile HttpClient client;

    /** An answer, or the failure that stands for it. */
    public record Reply(int status, String body, Map<String, java.util.List<String>> headers, SendResult failure) {

        public boolean ok() {
            return failure == null;
        }
    }

    public Reply send(String method, String url, Map<String, String> headers, Object body, Collection<String> secrets) {
        String refusal = policy.refusal(url);
        if (refusal != null) {
            return new Reply(0, null, Map.of(), SendResult.failed(null, "Outbound URL refused: " + refusal));
        }
        String json;
        try {
            json = body instanceof String text ? text : EventCodec.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            return new Reply(0, null, Map.of(), SendResult.failed(null, "Message cannot be written: " + e.getOriginalMessage()));
        }
        return sendJson(method, url, headers, json, secrets);
    }

    public Reply sendJson(String method, String url, Map<String, String> headers, String json, Collection<String> secrets) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.trim()))
                .timeout(config.outbound().requestTimeout())
                .header("Accept", "application/json")
                .header("User-Agent", "connect-ops-notifications");
        if (json != null) {
            request.header("Content-Type", "application/json; charset=utf-8");
        }
        headers.forEach(request::header);
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        HttpResponse<String> response;
        try {
            response = client().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            return new Reply(0, null, Map.of(), SendResult.retry(null, "Connection timed out", null));
        } catch (HttpTimeoutException e) {
            return new Reply(0, null, Map.of(), SendResult.retry(null,
                    "No answer within " + config.outbound().requestTimeout().toMillis() + " ms", null));
        } catch (IOException e) {
            return new Reply(0, null, Map.of(), SendResult.retry(null,
                    "Connection failed: " + redact(String.valueOf(e.getMessage()), secrets, url), null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(0, null, Map.of(), SendResult.retry(null, "Interrupted while sending", null));
        }
        int status = response.statusCode();
        String answer = response.body() == null ? "" : response.body();
        if (status >= 200 && status < 300) {
            return new Reply(status, answer, response.headers().map(), null);
        }
        String detail = "HTTP " + status + (answer.isBlank() ? "" : ": " + abbreviate(redact(answer, secrets, url)));
        SendResult failure;
        if (status == 429 || status == 408 || status >= 500) {
            failure = SendResult.retry(status, detail, retryAfter(response.headers().firstValue("Retry-After").orElse(null)));
        } else {
            failure = SendResult.failed(status, detail);
        }
        return new Reply(status, answer, response.headers().map(), failure);
    }

    /** {@code Retry-After} in seconds or as an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(Instant.now(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (RuntimeException notADate) {
                return null;
            }
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
                    client = HttpClient.newBuilder().connectTimeout(config.outbound().connectTimeout())
                            .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
                }
                current = client;
            }
        }
        return current;
    }
}
