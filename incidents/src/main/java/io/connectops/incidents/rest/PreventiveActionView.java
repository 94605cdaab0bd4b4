package io.connectops.incidents.rest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import io.connectops.incidents.domain.PreventiveAction;

/** A preventive action of a review as the API shows it. */
public record PreventiveActionView(UUID id, String description, String owner, LocalDate dueDate, boolean done,
        Instant completedAt, String completedBy) {

    static PreventiveActionView of(PreventiveAction action) {
        return new PreventiveActionView(action.id, action.description, action.owner, action.dueDate,
                action.completedAt != null, action.completedAt, action.completedBy);
    }
}
