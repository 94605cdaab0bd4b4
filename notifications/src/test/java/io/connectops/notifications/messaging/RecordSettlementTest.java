package io.connectops.notifications.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import io.connectops.contracts.EventCodec;

/** What a consumed record becomes: acked when applied, dead-lettered when unreadable, kept when the service stops. */
class RecordSettlementTest {

    private final List<String> outcomes = new ArrayList<>();

    private Message<String> record() {
        return Message.of("{}", () -> {
            outcomes.add("ack");
            return CompletableFuture.completedFuture(null);
        }, failure -> {
            outcomes.add("nack:" + failure.getClass().getSimpleName());
            return CompletableFuture.completedFuture(null);
        });
    }

    @Test
    void anAppliedRecordIsAcknowledged() {
        new RecordSettlement().apply(record(), () -> {
        });
        assertThat(outcomes).containsExactly("ack");
    }

    @Test
    void aFailureWhileRunningIsNackedSoTheRecordGoesToTheDeadLetterTopic() {
        new RecordSettlement().apply(record(), () -> {
            throw new IllegalStateException("constraint violated");
        });
        assertThat(outcomes).containsExactly("nack:IllegalStateException");
    }

    @Test
    void aFailureDuringShutdownLeavesTheRecordUnacknowledgedForRedelivery() {
        RecordSettlement settlement = new RecordSettlement();
        settlement.markStopping();
        settlement.apply(record(), () -> {
            throw new IllegalStateException("The datasource is closed");
        });
        assertThat(outcomes).isEmpty();
    }

    @Test
    void anUnreadableRecordIsDeadLetteredEvenDuringShutdown() {
        RecordSettlement settlement = new RecordSettlement();
        settlement.markStopping();
        settlement.apply(record(), () -> {
            throw new EventCodec.MalformedEventException("not JSON");
        });
        assertThat(outcomes).containsExactly("nack:MalformedEventException");
    }
}
