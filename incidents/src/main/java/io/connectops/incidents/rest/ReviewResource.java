package io.connectops.incidents.rest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.connectops.incidents.domain.IncidentReview;
import io.connectops.incidents.domain.PreventiveAction;
import io.connectops.incidents.service.ReviewService;
import io.connectops.platform.security.CurrentActor;
import io.connectops.platform.security.Roles;

/** The post-incident review of an incident and its preventive actions. */
@Path("/api/v1/incidents/{incidentId}/review")
@Produces(MediaType.APPLICATION_JSON)
public class ReviewResource {

    @Inject
    ReviewService reviews;

    @Inject
    CurrentActor actor;

    public record PreventiveActionView(UUID id, String description, String owner, LocalDate dueDate, boolean done,
            Instant completedAt, String completedBy) {

        static PreventiveActionView of(PreventiveAction action) {
            return new PreventiveActionView(action.id, action.description, action.owner, action.dueDate,
                    action.completedAt != null, action.completedAt, action.completedBy);
        }
    }

    public record ReviewView(UUID incidentId, String summary, String rootCause, List<String> contributingFactors,
            String impactDuration, Integer contactsAffected, String wentWell, String wentBadly,
            List<PreventiveActionView> preventiveActions, Instant updatedAt, String updatedBy) {

        static ReviewView of(ReviewService.Review review) {
            IncidentReview r = review.review();
            return new ReviewView(r.incidentId, r.summary, r.rootCause, List.copyOf(r.contributingFactors),
                    r.impactDuration, r.contactsAffected, r.wentWell, r.wentBadly,
                    review.preventiveActions().stream().map(PreventiveActionView::of).toList(), r.updatedAt,
                    r.updatedBy);
        }
    }

    @PUT
    @RolesAllowed(Roles.INCIDENT_MANAGER)
    public ReviewView write(@PathParam("incidentId") UUID incidentId,
            @Valid @NotNull ReviewService.ReviewDraft draft) {
        return ReviewView.of(reviews.write(incidentId, draft, actor.get()));
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.INCIDENT_MANAGER})
    public ReviewView read(@PathParam("incidentId") UUID incidentId) {
        return ReviewView.of(reviews.read(incidentId));
    }

    @POST
    @Path("/actions/{actionId}/complete")
    @RolesAllowed(Roles.INCIDENT_MANAGER)
    public PreventiveActionView complete(@PathParam("incidentId") UUID incidentId,
            @PathParam("actionId") UUID actionId) {
        return PreventiveActionView.of(reviews.complete(incidentId, actionId, actor.get()));
    }
}
