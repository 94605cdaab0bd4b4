package io.connectops.notifications.intake;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.connectops.contracts.EventCodec;
import io.connectops.contracts.IncidentEvent;
import io.connectops.notifications.routing.RoutableEvent;
import io.connectops.platform.inbox.Settlement;
import io.smallrye.common.annotation.Blocking;

/**
 * Notifies incident changes from {@code ops.incidents.v1} by the routes. An unreadable record goes to the topic's {@code .dlq} twin and the partition goes on; a database outage pauses consumption ({@link Settlement}).
 */
@ApplicationScoped
public class IncidentConsumer {

    public static final String CHANNEL = "incidents-in";
    static final String CONSUMER = "notifications-incidents-in";

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
        intake.accept(CONSUMER, RoutableEvent.ofIncident(EventCodec.decode(record, IncidentEvent.class)));
    }
}
