package io.connectops.alerting.external;

import java.time.Instant;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.ExternalAlert;
import io.connectops.platform.inbox.AppliedEvents;
import io.connectops.platform.inbox.Settlement;
import io.smallrye.common.annotation.Blocking;

/**
 * Applies the alerts other systems evaluated (ops.external-alerts.v1), once per event. A record that cannot be read
 * or applied goes to {@code ops.external-alerts.v1.dlq} with the reason; a database outage pauses consumption
 * ({@link Settlement}).
 */
@ApplicationScoped
public class ExternalAlertConsumer {

    public static final String CHANNEL = "external-alerts-in";
    static final String CONSUMER = "alerting-external-alerts";

    @Inject
    AppliedEvents appliedEvents;

    @Inject
    ExternalAlertService externalAlerts;

    @Inject
    Settlement settlement;

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> onAlert(Message<String> record) {
        return settlement.apply(CONSUMER, record, () -> apply(record.getPayload()));
    }

    private void apply(String record) {
        CloudEvent<ExternalAlert> event = EventCodec.decode(record, ExternalAlert.class);
        ExternalAlertService.validate(event.data());
        if (appliedEvents.markApplied(CONSUMER, event.id())) {
            externalAlerts.apply(event.data(), event.time() == null ? Instant.now() : event.time());
        }
    }
}
