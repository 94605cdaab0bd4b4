package io.connectops.scheduling.adherence;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.connectops.contracts.AgentStateChanged;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.platform.inbox.AppliedEvents;
import io.connectops.platform.inbox.Settlement;
import io.smallrye.common.annotation.Blocking;

/**
 * Records agent status changes from {@code ops.agent-events.v1}, once each, for adherence. A record that cannot be
 * read goes to {@code ops.agent-events.v1.dlq}; a database outage pauses consumption ({@link Settlement}).
 */
@ApplicationScoped
public class AgentEventConsumer {

    public static final String CHANNEL = "agent-events-in";
    static final String CONSUMER = "scheduling-adherence";

    @Inject
    AppliedEvents appliedEvents;

    @Inject
    AdherenceService adherence;

    @Inject
    Settlement settlement;

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> onEvent(Message<String> record) {
        return settlement.apply(CONSUMER, record, () -> apply(record.getPayload()));
    }

    private void apply(String record) {
        CloudEvent<AgentStateChanged> event = EventCodec.decode(record, AgentStateChanged.class);
        AgentStateChanged change = event.data();
        if (change.agentId() == null || change.status() == null || change.changedAt() == null) {
            throw new EventCodec.MalformedEventException("agent event without agentId, status or changedAt");
        }
        if (appliedEvents.markApplied(CONSUMER, event.id())) {
            adherence.record(event.id(), change);
        }
    }
}
