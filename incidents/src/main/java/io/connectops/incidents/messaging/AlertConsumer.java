package io.connectops.incidents.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.incidents.service.AlertIntake;
import io.connectops.platform.inbox.AppliedEvents;
import io.smallrye.common.annotation.Blocking;

/**
 * Applies alert state changes from {@code ops.alerts.v1}, once each. A record that cannot be read or applied throws,
 * which sends it to {@code ops.alerts.v1.dlq} and lets the partition go on.
 */
@ApplicationScoped
public class AlertConsumer {

    public static final String CHANNEL = "alerts-in";
    public static final String CONSUMER = "incidents-alerts";

    @Inject
    AppliedEvents appliedEvents;

    @Inject
    AlertIntake intake;

    @Incoming(CHANNEL)
    @Blocking
    @Transactional
    public void onAlert(String record) {
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
