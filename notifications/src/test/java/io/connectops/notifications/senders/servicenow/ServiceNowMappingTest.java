package io.connectops.notifications.senders.servicenow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.IncidentEvent;
import io.connectops.contracts.Severity;

/** How incident and alert changes map onto ServiceNow's incident fields, without the application. */
class ServiceNowMappingTest {

    @Test
    void incidentChangesMapToServiceNowStatesAndSeverityToImpactAndUrgency() {
        IncidentEvent resolved = new IncidentEvent("i", "INC-1", IncidentEvent.Change.RESOLVED, "RESOLVED", Severity.P2,
                "t", null, "Fixed the trunk", List.of(), List.of(), null, 0, null, null, Instant.now(), null);
        ServiceNowSender.Change change = ServiceNowSender.change(resolved);
        assertThat(change.fields()).containsEntry("state", "6").containsEntry("close_code", "Solved (Permanently)")
                .containsEntry("close_notes", "Fixed the trunk");
        assertThat(change.closing()).isTrue();

        AlertEvent firing = new AlertEvent("fp", "g", "r", "n", AlertEvent.State.FIRING, Severity.P4, Map.of(), 1.0,
                2.0, null, null, null, null, Instant.now(), null);
        assertThat(ServiceNowSender.change(firing).closing()).isFalse();

        Map<String, Object> record = new HashMap<>();
        ServiceNowSender.putSeverity(record, Severity.P2);
        assertThat(record).containsEntry("impact", "1").containsEntry("urgency", "2");
        ServiceNowSender.putSeverity(record, Severity.P4);
        assertThat(record).containsEntry("impact", "2").containsEntry("urgency", "3");
    }
}
