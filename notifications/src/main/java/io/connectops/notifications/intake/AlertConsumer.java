package io.connectops.notifications.intake;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.notifications.routing.RoutableEvent;
import io.connectops.platform.inbox.Settlement;
import io.smallrye.common.annotation.Blocking;

/**
 * Notifies alert state changes from {@code ops.alerts.v1} by the routes. An unreadable record goes to the topic's {@code .dlq} twin and the partition goes on; a database outage pauses consumption ({@link Settlement}).
 */
@ApplicationScoped
public class AlertConsumer {

    public static final String CHANNEL = "alerts-in";
    static final String CONSUMER = "notifications-alerts-in";

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
        intake.accept(CONSUMER, RoutableEvent.ofAlert(EventCodec.decode(record, AlertEvent.class)));
    }
}
