package io.connectops.notifications.senders.servicenow;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a ServiceNow business rule posts when a ticket notifications created is resolved, reassigned or commented.
 *
 * @param comments an additional comment made there (customer-visible), {@code comments}
 * @param workNotes a work note made there ({@code work_notes}); ours end in a delivery marker and are not echoed
 * @param modCount {@code sys_mod_count}, when the rule sends it: two changes within one second share a
 *        {@code sys_updated_on}, never a modification count
 * @param sysUpdatedBy {@code sys_updated_by}: the ServiceNow user who changed it
 * @param legacyUpdatedBy {@code updated_by}, the name earlier rules sent it under
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
        @JsonProperty("work_notes") @Size(max = 4000) String workNotes,
        @JsonProperty("close_code") @Size(max = 200) String closeCode,
        @JsonProperty("close_notes") @Size(max = 4000) String closeNotes,
        @JsonProperty("sys_updated_by") @Size(max = 200) String sysUpdatedBy,
        @JsonProperty("updated_by") @Size(max = 200) String legacyUpdatedBy,
        @JsonProperty("sys_updated_on") @NotBlank @Size(max = 40) String updatedOn,
        @JsonProperty("sys_mod_count") @Size(max = 20) String modCount) {

    /** The ServiceNow user who made the change, under either name. */
    public String updatedBy() {
        return sysUpdatedBy != null && !sysUpdatedBy.isBlank() ? sysUpdatedBy : legacyUpdatedBy;
    }
}
