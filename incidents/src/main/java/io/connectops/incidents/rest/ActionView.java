package io.connectops.incidents.rest;

import java.time.Instant;
import java.util.UUID;

import io.connectops.incidents.domain.MitigationAction;

/** A mitigation action as the API shows it. */
public record ActionView(UUID id, UUID incidentId, String description, String owner,
        MitigationAction.Status status, String result, boolean automated, Instant createdAt,
        Instant updatedAt) {

    static ActionView of(MitigationAction action) {
        return new ActionView(action.id, action.incidentId, action.description, action.owner, action.status,
                action.result, action.automated, action.createdAt, action.updatedAt);
    }
}
