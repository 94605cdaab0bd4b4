package io.connectops.scheduling.ops;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.IncidentEvent;
import io.connectops.platform.inbox.AppliedEvents;
import io.connectops.platform.inbox.Settlement;
import io.smallrye.common.annotation.Blocking;

/**
 * Follows incidents on {@code ops.incidents.v1}, once per event, for the start-of-day checklist. Published reports
 * are not incidents and are skipped; a record that cannot be read goes to {@code ops.incidents.v1.dlq}.
 */
@ApplicationScoped
public class IncidentConsumer {

    public static final String CHANNEL = "incidents-in";
    static final String CONSUMER = "scheduling-incidents";

    @Inject
    AppliedEvents appliedEvents;

    @Inject
    IncidentStore incidents;

    @Inject
    Settlement settlement;

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> onEvent(Message<String> record) {
        return settlement.apply(CONSUMER, record, () -> apply(record.getPayload()));
    }

    private void apply(String record) {
        CloudEvent<IncidentEvent> event = EventCodec.decode(record, IncidentEvent.class);
        IncidentEvent incident = event.data();
        if (incident.change() == IncidentEvent.Change.REPORT_PUBLISHED) {
            return;
        }
        if (incident.incidentId() == null || incident.reference() == null || incident.change() == null
                || incident.status() == null || incident.occurredAt() == null) {
            throw new EventCodec.MalformedEventException(
                    "incident event without incidentId, reference, change, status or occurredAt");
        }
        if (appliedEvents.markApplied(CONSUMER, event.id())) {
            incidents.apply(incident);
        }
    }
}
