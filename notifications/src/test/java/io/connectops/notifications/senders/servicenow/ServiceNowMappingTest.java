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
        ServiceNowSender.Change change = ServiceNowSender.change(resolved, ServiceNowSender.CLOSE_CODE);
        assertThat(change.fields()).containsEntry("state", "6").containsEntry("close_code", "Solved (Permanently)")
                .containsEntry("close_notes", "Fixed the trunk");
        assertThat(change.closing()).isTrue();

        AlertEvent firing = new AlertEvent("fp", "g", "r", "n", AlertEvent.State.FIRING, Severity.P4, Map.of(), 1.0,
                2.0, null, null, null, null, Instant.now(), null);
        assertThat(ServiceNowSender.change(firing, ServiceNowSender.CLOSE_CODE).closing()).isFalse();

        Map<String, Object> record = new HashMap<>();
        ServiceNowSender.putSeverity(record, Severity.P2);
        assertThat(record).containsEntry("impact", "1").containsEntry("urgency", "2");
        ServiceNowSender.putSeverity(record, Severity.P4);
        assertThat(record).containsEntry("impact", "2").containsEntry("urgency", "3");
    }

    @Test
    void closeNotesCarryTheResolutionThenTheReviewAndTheCloseCodeIsTheChannels() {
        ServiceNowSender.Change resolved = ServiceNowSender.change(event(IncidentEvent.Change.RESOLVED,
                "Carrier re-routed the trunk"), "Workaround provided");
        assertThat(resolved.fields()).containsEntry("close_code", "Workaround provided")
                .containsEntry("close_notes", "Carrier re-routed the trunk");
        assertThat(resolved.fields().get("close_notes")).isNotEqualTo("Resolved in Connect Ops");

        ServiceNowSender.Change reviewed = ServiceNowSender.change(event(IncidentEvent.Change.CLOSED,
                "Root cause: an expired SIP certificate"), "Workaround provided");
        assertThat(reviewed.fields()).containsEntry("state", "7")
                .containsEntry("close_notes", "Root cause: an expired SIP certificate");

        // Closed without a note: the resolution's close notes stay as they are on the record.
        ServiceNowSender.Change closed = ServiceNowSender.change(event(IncidentEvent.Change.CLOSED, null),
                ServiceNowSender.CLOSE_CODE);
        assertThat(closed.fields()).containsEntry("state", "7").doesNotContainKeys("close_notes", "close_code");
    }

    @Test
    void aCommentFromOutsideIsNeverWrittenBackAndAnAcknowledgementMovesTheRecordInProgress() {
        assertThat(ServiceNowSender.change(event(IncidentEvent.Change.COMMENTED, "Customer confirms"),
                ServiceNowSender.CLOSE_CODE).fromOutside()).isTrue();
        ServiceNowSender.Change acknowledged = ServiceNowSender.change(event(IncidentEvent.Change.ACKNOWLEDGED, null),
                ServiceNowSender.CLOSE_CODE);
        assertThat(acknowledged.fromOutside()).isFalse();
        assertThat(acknowledged.fields()).containsEntry("state", "2");
    }

    private static IncidentEvent event(IncidentEvent.Change change, String message) {
        return new IncidentEvent("i", "INC-1", change, change.name(), Severity.P2, "t", null, message, List.of(),
                List.of(), null, 0, null, null, Instant.now(), null);
    }
}
