package io.connectops.notifications.intake;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.databind.JsonNode;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.OpsTaskOverdue;
import io.connectops.contracts.SchedulePublished;
import io.connectops.notifications.routing.RoutableEvent;
import io.connectops.platform.inbox.Settlement;
import io.smallrye.common.annotation.Blocking;

/**
 * Announces published schedules and overdue operational tasks from {@code ops.schedules.v1}, choosing the record
 * by the CloudEvent {@code type}; other types on the topic are not notified. An unreadable record goes to the DLQ.
 */
@ApplicationScoped
public class ScheduleConsumer {

    public static final String CHANNEL = "schedules-in";
    static final String CONSUMER = "notifications-schedules-in";

    @Inject
    NotificationIntake intake;

    @Inject
    Settlement settlement;

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> onEvent(Message<String> message) {
        return settlement.apply(CONSUMER, message, () -> apply(message.getPayload()));
    }

    void apply(String record) {
        CloudEvent<JsonNode> envelope = EventCodec.decode(record, JsonNode.class);
        if (SchedulePublished.TYPE.equals(envelope.type())) {
            intake.accept(CONSUMER, RoutableEvent.ofSchedule(EventCodec.decode(record, SchedulePublished.class)));
        } else if (OpsTaskOverdue.TYPE.equals(envelope.type())) {
            intake.accept(CONSUMER, RoutableEvent.ofTask(EventCodec.decode(record, OpsTaskOverdue.class)));
        }
    }
}
