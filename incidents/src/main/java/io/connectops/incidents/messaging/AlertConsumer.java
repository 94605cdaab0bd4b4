package io.connectops.incidents.messaging;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.incidents.service.AlertIntake;
import io.connectops.platform.inbox.AppliedEvents;
import io.connectops.platform.inbox.Settlement;
import io.smallrye.common.annotation.Blocking;

/**
 * Applies alert state changes from {@code ops.alerts.v1}, once each. A record that cannot be read or applied goes to
 * {@code ops.alerts.v1.dlq} and the partition goes on; a database outage pauses consumption instead
 * ({@link Settlement}).
 */
@ApplicationScoped
public class AlertConsumer {

    public static final String CHANNEL = "alerts-in";
    public static final String CONSUMER = "incidents-alerts";

    @Inject
    AppliedEvents appliedEvents;

    @Inject
    AlertIntake intake;

    @Inject
    Settlement settlement;

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> onAlert(Message<String> record) {
        return settlement.apply(CONSUMER, record, () -> apply(record.getPayload()));
    }

    private void apply(String record) {
        CloudEvent<AlertEvent> event = EventCodec.decode(record, AlertEvent.class);
        AlertEvent alert = event.data();
        if (alert.fingerprint() == null || alert.fingerprint().isBlank() || alert.state() == null
                || alert.severity() == null) {
            throw new EventCodec.MalformedEventException("alert without fingerprint, state or severity");
        }
        if (appliedEvents.markApplied(CONSUMER, event.id())) {
            intake.apply(alert);
        }
    }
}
