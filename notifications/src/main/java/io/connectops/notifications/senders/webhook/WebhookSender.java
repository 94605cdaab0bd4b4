package io.connectops.notifications.senders.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.connectops.contracts.EventCodec;
import io.connectops.notifications.delivery.Delivery;
import io.connectops.notifications.senders.ChannelSender;
import io.connectops.notifications.senders.ChannelType;
import io.connectops.notifications.senders.HttpCalls;
import io.connectops.notifications.senders.SendJob;
import io.connectops.notifications.senders.SendResult;

/**
 * A generic webhook: the rendered message and the original event as JSON. With a signing secret, the body is
 * signed like Slack and Stripe do it: {@code X-ConnectOps-Signature: sha256=hex(HMAC-SHA256(secret,
 * timestamp + "." + body))} with {@code X-ConnectOps-Timestamp}; {@code X-ConnectOps-Delivery} lets the receiver
 * drop a repeat.
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
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deliveryId", job.deliveryId() == null ? null : job.deliveryId().toString());
        body.put("eventId", job.eventId());
        body.put("eventType", job.eventType() == null ? "connectops.notification.test.v1" : job.eventType());
        body.put("message", job.content());
        body.put("event", job.event());
        String json;
        try {
            json = EventCodec.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            return SendResult.failed(null, "Message cannot be written: " + e.getOriginalMessage());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(DELIVERY_HEADER, job.idempotencyKey() == null ? "test" : job.idempotencyKey());
        String secret = job.channel().secret("signingSecret");
        if (secret != null) {
            String timestamp = Long.toString(System.currentTimeMillis() / 1000);
            headers.put(TIMESTAMP_HEADER, timestamp);
            headers.put(SIGNATURE_HEADER, "sha256=" + sign(secret, timestamp + "." + json));
        }
        HttpCalls.Reply reply = http.send("POST", url, headers, json, secret == null ? List.of() : List.of(secret));
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
