package io.connectops.incidents;

import java.time.Duration;
import java.util.List;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.IncidentEvent;
import io.connectops.contracts.Topics;
import io.connectops.platform.testing.TestKafka;

/** Reads what the service published about one incident on {@code ops.incidents.v1}. */
public final class IncidentTopic {

    private IncidentTopic() {
    }

    /** Waits until {@code count} events keyed by the incident have arrived, in topic order. */
    public static List<CloudEvent<IncidentEvent>> await(String incidentId, int count) {
        return TestKafka.awaitRecords(Topics.INCIDENTS, record -> incidentId.equals(record.key()), count,
                Duration.ofSeconds(30)).stream()
                .map(record -> EventCodec.decode(record.value(), IncidentEvent.class))
                .toList();
    }

    public static List<IncidentEvent.Change> changes(List<CloudEvent<IncidentEvent>> events) {
        return events.stream().map(event -> event.data().change()).toList();
    }
}
