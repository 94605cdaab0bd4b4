package io.connectops.incidents.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.connectops.contracts.Severity;
import io.connectops.incidents.domain.IncidentStatus;

/** The request bodies of the incident endpoints, each with the fields its step requires. */
public final class IncidentCommands {

    private IncidentCommands() {
    }

    /** Opens an incident by hand. A repeated {@code idempotencyKey} returns the incident it opened first. */
    public record Open(
            @NotBlank @Size(max = 300) String title,
            @Size(max = 10000) String description,
            @NotNull Severity severity,
            @Size(max = 4000) String impact,
            @Size(max = 50) List<@NotBlank @Size(max = 200) String> queues,
            @Size(max = 50) List<@NotBlank @Size(max = 200) String> services,
            @Size(max = 200) String idempotencyKey) {
    }

    /** TRIAGE → MITIGATING: what is wrong, how bad, who leads. */
    public record Assess(
            @NotNull Severity severity,
            @NotBlank @Size(max = 4000) String impact,
            @NotBlank @Size(max = 10000) String summary,
            @NotBlank @Size(max = 200) String commander) {
    }

    /** MITIGATING → MONITORING: what stopped the impact. */
    public record Mitigate(@NotBlank @Size(max = 10000) String mitigation) {
    }

    /** MONITORING → RESOLVED. */
    public record Resolve(@NotBlank @Size(max = 10000) String resolution) {
    }

    /** Cancel (a false positive) or reopen: the reason is required. */
    public record Reason(@NotBlank @Size(max = 4000) String reason) {
    }

    /** start-review and close take an optional note for the timeline. */
    public record OptionalNote(@Size(max = 10000) String note) {
    }

    public record ChangeSeverity(@NotNull Severity severity, @NotBlank @Size(max = 4000) String reason) {
    }

    /** Merges the incident {@code duplicateId} into the incident of the path. */
    public record Merge(@NotNull UUID duplicateId, @Size(max = 4000) String reason) {
    }

    public record Note(@NotBlank @Size(max = 10000) String text) {
    }

    /** A status update for stakeholders, published for notifications. */
    public record StatusUpdate(@NotBlank @Size(max = 10000) String message) {
    }

    /** Filters of the incident list; every one is optional. */
    public record Filter(List<IncidentStatus> statuses, List<Severity> severities, String queue,
            Instant createdFrom, Instant createdTo, String text) {
    }
}
