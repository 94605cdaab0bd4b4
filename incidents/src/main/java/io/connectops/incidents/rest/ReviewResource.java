package io.connectops.incidents.rest;

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
