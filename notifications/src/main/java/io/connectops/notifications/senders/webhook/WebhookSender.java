package io.connectops.notifications.senders.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.connectops.contracts.EventCodec;
import io.connectops.notifications.senders.ChannelSender;
import io.connectops.notifications.senders.ChannelType;
import io.connectops.notifications.senders.HttpCalls;
import io.connectops.notifications.senders.SendJob;
import io.connectops.notifications.senders.SendResult;

/**
 * A generic webhook in the channel's {@code format} ({@link WebhookFormat}: our own body, our CloudEvents JSON, or
 * Alertmanager's v4 payload). {@code X-ConnectOps-Delivery} lets the receiver drop a repeat. With a signing secret,
 * the body is signed like Slack and Stripe do it: {@code X-ConnectOps-Signature: sha256=hex(HMAC-SHA256(secret,
 * timestamp + "." + body))} with {@code X-ConnectOps-Timestamp}; a secret of the form {@code whsec_<base64>} also
 * signs with the Standard Webhooks headers ({@link StandardWebhooks}), whose {@code webhook-id} is the delivery's id,
 * the same on every retry.
 */
@ApplicationScoped
public class WebhookSender implements ChannelSender {

    public static final String SIGNATURE_HEADER = "X-ConnectOps-Signature";
    public static final String TIMESTAMP_HEADER = "X-ConnectOps-Timestamp";
    public static final String DELIVERY_HEADER = "X-ConnectOps-Delivery";

    @Inject
    HttpCalls http;

    @Override
    public ChannelType type() {
        return ChannelType.WEBHOOK;
    }

    @Override
    public SendResult send(SendJob job) {
        String url = job.channel().setting("url");
        WebhookFormat format = WebhookFormat.of(job.channel().setting("format"));
        if (format == null) {
            return SendResult.failed(null, "Unknown webhook format " + job.channel().setting("format"));
        }
        if (WebhookPayloads.maxAlerts(job.channel().setting(WebhookPayloads.MAX_ALERTS)) < 0) {
            return SendResult.failed(null, "settings.maxAlerts is not a whole number of at least 0");
        }
        String json;
        try {
            json = EventCodec.mapper().writeValueAsString(WebhookPayloads.body(format, job));
        } catch (JsonProcessingException e) {
            return SendResult.failed(null, "Message cannot be written: " + e.getOriginalMessage());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", format.contentType());
        headers.put(DELIVERY_HEADER, job.idempotencyKey() == null ? "test" : job.idempotencyKey());
        String secret = job.channel().secret("signingSecret");
        List<String> secrets = new ArrayList<>();
        if (secret != null) {
            long timestamp = System.currentTimeMillis() / 1000;
            headers.put(TIMESTAMP_HEADER, Long.toString(timestamp));
            headers.put(SIGNATURE_HEADER, "sha256=" + sign(secret, timestamp + "." + json));
            secrets.add(secret);
            if (StandardWebhooks.isStandardSecret(secret)) {
                String id = job.deliveryId() == null ? "test_" + UUID.randomUUID() : job.deliveryId().toString();
                headers.put(StandardWebhooks.ID_HEADER, id);
                headers.put(StandardWebhooks.TIMESTAMP_HEADER, Long.toString(timestamp));
                headers.put(StandardWebhooks.SIGNATURE_HEADER, StandardWebhooks.sign(secret, id, timestamp, json));
                // The key itself, as it is used, is as secret as the string it was written in.
                secrets.add(secret.substring(StandardWebhooks.SECRET_PREFIX.length()));
            }
        }
        HttpCalls.Reply reply = http.send("POST", url, headers, json, secrets);
        return reply.ok() ? SendResult.delivered(reply.status(), null, null, "Webhook answered HTTP " + reply.status())
                : reply.failure();
    }

    public static String sign(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
