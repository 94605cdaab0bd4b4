package io.connectops.incidents.service;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.connectops.contracts.Actor;
import io.connectops.incidents.domain.Incident;
import io.connectops.incidents.domain.IncidentReview;
import io.connectops.incidents.domain.IncidentStatus;
import io.connectops.incidents.domain.PreventiveAction;
import io.connectops.incidents.domain.TimelineEntry.Kind;
import io.connectops.platform.problem.ProblemException;
import io.quarkus.panache.common.Sort;

/** The post-incident review: root cause, impact, lessons and the preventive actions tracked to done. */
@ApplicationScoped
public class ReviewService {

    @Inject
    IncidentService incidents;

    @Inject
    Timeline timeline;

    /**
     * The whole review, as the reviewers write it. Preventive actions with an {@code id} update that action;
     * without one they are new; existing actions not listed stay (they may already be done).
     */
    public record ReviewDraft(
            @Size(max = 10000) String summary,
            @Size(max = 10000) String rootCause,
            @Size(max = 50) List<@NotBlank @Size(max = 2000) String> contributingFactors,
            Duration impactDuration,
            @Min(0) Integer contactsAffected,
            @Size(max = 10000) String wentWell,
            @Size(max = 10000) String wentBadly,
            @Size(max = 100) List<@Valid PreventiveDraft> preventiveActions) {
    }

    public record PreventiveDraft(UUID id, @NotBlank @Size(max = 4000) String description,
            @Size(max = 200) String owner, LocalDate dueDate) {
    }

    /** A review and its preventive actions, read together. */
    public record Review(IncidentReview review, List<PreventiveAction> preventiveActions) {
    }

    @Transactional
    public Review write(UUID incidentId, ReviewDraft draft, Actor actor) {
        Incident incident = incidents.lock(incidentId);
        if (incident.status == IncidentStatus.CANCELLED || incident.status == IncidentStatus.CLOSED) {
            throw ProblemException.conflict("Incident " + incident.reference() + " is " + incident.status
                    + ": its review can no longer change");
        }
        Instant now = Instant.now();
        IncidentReview review = IncidentReview.findById(incidentId);
        boolean isNew = review == null;
        if (isNew) {
            review = new IncidentReview();
            review.incidentId = incidentId;
        }
        review.summary = draft.summary();
        review.rootCause = draft.rootCause();
        review.contributingFactors = draft.contributingFactors() == null ? new ArrayList<>()
                : new ArrayList<>(draft.contributingFactors());
        review.impactDuration = draft.impactDuration() == null ? null : draft.impactDuration().toString();
        review.contactsAffected = draft.contactsAffected();
        review.wentWell = draft.wentWell();
        review.wentBadly = draft.wentBadly();
        review.updatedAt = now;
        review.updatedBy = actor.id();
        if (isNew) {
            review.persist();
        }
        int added = 0;
        if (draft.preventiveActions() != null) {
            for (PreventiveDraft item : draft.preventiveActions()) {
                PreventiveAction action;
                if (item.id() != null) {
                    action = PreventiveAction.find("id = ?1 and incidentId = ?2", item.id(), incidentId).firstResult();
                    if (action == null) {
                        throw ProblemException.invalid("preventiveActions.id",
                                "preventive action " + item.id() + " does not belong to this incident");
                    }
                } else {
                    action = new PreventiveAction();
                    action.id = UUID.randomUUID();
                    action.incidentId = incidentId;
                    // One microsecond apart (the database's precision) so that they list in the order written.
                    action.createdAt = now.plusNanos(1000L * added);
                    added++;
                }
                action.description = item.description();
                action.owner = item.owner() == null || item.owner().isBlank() ? null : item.owner();
                action.dueDate = item.dueDate();
                if (item.id() == null) {
                    action.persist();
                }
            }
        }
        timeline.record(incident, Kind.REVIEW_UPDATED, actor, (isNew ? "Review written" : "Review updated")
                + (review.rootCause == null ? "" : ". Root cause: " + review.rootCause)
                + (added == 0 ? "" : ". " + added + " preventive action(s) added"));
        return read(incidentId);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Review read(UUID incidentId) {
        incidents.get(incidentId);
        Review found = readSoFar(incidentId);
        if (found.review() == null) {
            throw ProblemException.notFound("Review of incident", incidentId);
        }
        return found;
    }

    /** The review as written so far: its review is null until one is written, its preventive actions may exist. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Review readSoFar(UUID incidentId) {
        return new Review(IncidentReview.findById(incidentId),
                PreventiveAction.list("incidentId", Sort.by("createdAt").and("id"), incidentId));
    }

    @Transactional
    public PreventiveAction complete(UUID incidentId, UUID actionId, Actor actor) {
        Incident incident = incidents.lock(incidentId);
        PreventiveAction action = PreventiveAction.find("id = ?1 and incidentId = ?2", actionId, incidentId)
                .firstResult();
        if (action == null) {
            throw ProblemException.notFound("Preventive action", actionId);
        }
        if (action.completedAt != null) {
            throw ProblemException.illegalTransition("preventive action", "DONE", "complete", List.of());
        }
        action.completedAt = Instant.now();
        action.completedBy = actor.id();
        timeline.record(incident, Kind.PREVENTIVE_ACTION_COMPLETED, actor,
                "Preventive action done: " + action.description);
        return action;
    }
}
