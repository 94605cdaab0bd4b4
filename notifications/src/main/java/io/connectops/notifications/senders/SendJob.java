package io.connectops.notifications.senders;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.connectops.notifications.content.MessageContent;

/**
 * Everything a sender needs, copied out of the database so that no transaction is open while a receiver is slow.
 *
 * @param event the event record (AlertEvent, IncidentEvent, ...), or null for a channel test
 * @param thread what the receiver gave back for this conversation before, or null for the first message
 * @param unconfirmedSince when an earlier attempt of this delivery started whose outcome was never recorded (the
 *        process died mid-send, or the receiver never answered), or null; then the message may be there already,
 *        and a sender that can ask the receiver looks before it sends again
 * @param acknowledged the incident the event is about was acknowledged (by any event consumed so far), so a Slack
 *        message no longer offers to acknowledge it
 * @param eventTime when the event happened (its CloudEvent {@code time}), or null for a channel test
 */
public record SendJob(
        UUID deliveryId,
        String idempotencyKey,
        String eventId,
        String eventType,
        String threadKey,
        Object event,
        MessageContent content,
        ChannelSnapshot channel,
        Thread thread,
        Instant unconfirmedSince,
        boolean acknowledged,
        Instant eventTime) {

    /** A job whose event time no sender reads. */
    public SendJob(UUID deliveryId, String idempotencyKey, String eventId, String eventType, String threadKey,
            Object event, MessageContent content, ChannelSnapshot channel, Thread thread, Instant unconfirmedSince,
            boolean acknowledged) {
        this(deliveryId, idempotencyKey, eventId, eventType, threadKey, event, content, channel, thread,
                unconfirmedSince, acknowledged, null);
    }

    /** A job about something not acknowledged (or that cannot be): a test, an alert, a fresh incident. */
    public SendJob(UUID deliveryId, String idempotencyKey, String eventId, String eventType, String threadKey,
            Object event, MessageContent content, ChannelSnapshot channel, Thread thread, Instant unconfirmedSince) {
        this(deliveryId, idempotencyKey, eventId, eventType, threadKey, event, content, channel, thread,
                unconfirmedSince, false);
    }

    public record ChannelSnapshot(UUID id, String name, ChannelType type, Map<String, String> settings,
            Map<String, String> secrets) {

        public String setting(String name) {
            String value = settings.get(name);
            return value == null || value.isBlank() ? null : value;
        }

        public String secret(String name) {
            String value = secrets.get(name);
            return value == null || value.isBlank() ? null : value;
        }

        @Override
        public String toString() {
            return "Channel[" + id + " " + type + "]";
        }
    }

    /** A receiver's handle on the conversation: Slack channel id + parent ts, or a ServiceNow sys_id + number. */
    public record Thread(String externalChannel, String parentRef, String externalNumber) {
    }

    public boolean isTest() {
        return event == null;
    }
}
