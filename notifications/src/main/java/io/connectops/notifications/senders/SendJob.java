package io.connectops.notifications.senders;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.connectops.notifications.content.AlertGroup;
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
 * @param conversation how an alert's message takes part in a shared conversation (an alert group's, an incident's),
 *        or null: one message per event, as for incidents, schedules and every channel without threads
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
        Instant eventTime,
        Conversation conversation) {

    /** A job that is the only message of its event in its conversation. */
    public SendJob(UUID deliveryId, String idempotencyKey, String eventId, String eventType, String threadKey,
            Object event, MessageContent content, ChannelSnapshot channel, Thread thread, Instant unconfirmedSince,
            boolean acknowledged, Instant eventTime) {
        this(deliveryId, idempotencyKey, eventId, eventType, threadKey, event, content, channel, thread,
                unconfirmedSince, acknowledged, eventTime, null);
    }

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

    /**
     * An alert's message in a conversation it shares.
     *
     * @param kind {@link Kind#GROUP}: the first message of the group's conversation is {@code parent} (the group's
     *        alerts), later ones a short reply ({@code content}) with the parent updated to {@code parent};
     *        {@link Kind#INCIDENT_REPLY}: a reply in the incident's conversation, whose parent is the incident's and
     *        is left alone
     * @param series what the conversation is about (the group's or the incident's headline), for receivers without
     *        threads that show a later message as a follow-up of the series (Teams)
     * @param group for {@link Kind#GROUP}, the group's alerts now (what an Alertmanager-format webhook sends)
     */
    public record Conversation(Kind kind, MessageContent parent, String series, AlertGroup group) {

        public enum Kind { GROUP, INCIDENT_REPLY }
    }

    /** A receiver's handle on the conversation: Slack channel id + parent ts, or a ServiceNow sys_id + number. */
    public record Thread(String externalChannel, String parentRef, String externalNumber) {
    }

    public boolean isTest() {
        return event == null;
    }
}
