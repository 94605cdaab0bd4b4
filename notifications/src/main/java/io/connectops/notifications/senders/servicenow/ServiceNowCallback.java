package io.connectops.notifications.senders.servicenow;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a ServiceNow business rule posts when a ticket notifications created is resolved, reassigned or commented.
 *
 * @param kind {@code RESOLVED}, {@code REASSIGNED}, {@code COMMENTED} or {@code STATE_CHANGED}; derived when absent
 * @param updatedOn {@code sys_updated_on}: with {@code sys_id}, it identifies the change, so a resent callback counts once
 */
public record ServiceNowCallback(
        @JsonProperty("sys_id") @NotBlank @Size(max = 64) String sysId,
        @Size(max = 40) String number,
        @JsonProperty("correlation_id") @Size(max = 300) String correlationId,
        @Size(max = 40) String kind,
        @Size(max = 10) String state,
        @JsonProperty("assigned_to") @Size(max = 200) String assignedTo,
        @JsonProperty("assignment_group") @Size(max = 200) String assignmentGroup,
        @Size(max = 4000) String comments,
        @JsonProperty("close_code") @Size(max = 200) String closeCode,
        @JsonProperty("close_notes") @Size(max = 4000) String closeNotes,
        @JsonProperty("updated_by") @Size(max = 200) String updatedBy,
        @JsonProperty("sys_updated_on") @NotBlank @Size(max = 40) String updatedOn) {
}
