package io.connectops.incidents.rest;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.connectops.incidents.domain.MitigationAction;
import io.connectops.incidents.service.MitigationService;
import io.connectops.platform.rest.Page;
import io.connectops.platform.rest.PageRequest;
import io.connectops.platform.security.CurrentActor;
import io.connectops.platform.security.Roles;

/** The mitigation actions of an incident: plan, start, complete or fail (with a result). */
@Path("/api/v1/incidents/{incidentId}/actions")
@Produces(MediaType.APPLICATION_JSON)
public class MitigationActionResource {

    @Inject
    MitigationService mitigations;

    @Inject
    CurrentActor actor;

    @POST
    @RolesAllowed(Roles.INCIDENT_MANAGER)
    public Response plan(@PathParam("incidentId") UUID incidentId, @Valid @NotNull MitigationService.Plan plan) {
        ActionView view = ActionView.of(mitigations.plan(incidentId, plan, actor.get()));
        return Response.created(URI.create("/api/v1/incidents/" + incidentId + "/actions/" + view.id()))
                .entity(view).build();
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.INCIDENT_MANAGER})
    public Page<ActionView> list(@PathParam("incidentId") UUID incidentId, @Valid @BeanParam PageRequest page,
            @QueryParam("status") List<String> statuses) {
        return mitigations.of(incidentId, QueryParams.enums("status", statuses, MitigationAction.Status.class),
                page.page(), page.size()).map(ActionView::of);
    }

    @POST
    @Path("/{actionId}/start")
    @RolesAllowed(Roles.INCIDENT_MANAGER)
    public ActionView start(@PathParam("incidentId") UUID incidentId, @PathParam("actionId") UUID actionId,
            @Valid MitigationService.Outcome outcome) {
        return ActionView.of(mitigations.advance(incidentId, actionId, MitigationAction.Step.START, outcome,
                actor.get()));
    }

    @POST
    @Path("/{actionId}/complete")
    @RolesAllowed(Roles.INCIDENT_MANAGER)
    public ActionView complete(@PathParam("incidentId") UUID incidentId, @PathParam("actionId") UUID actionId,
            @Valid MitigationService.Outcome outcome) {
        return ActionView.of(mitigations.advance(incidentId, actionId, MitigationAction.Step.COMPLETE, outcome,
                actor.get()));
    }

    @POST
    @Path("/{actionId}/fail")
    @RolesAllowed(Roles.INCIDENT_MANAGER)
    public ActionView fail(@PathParam("incidentId") UUID incidentId, @PathParam("actionId") UUID actionId,
            @Valid MitigationService.Outcome outcome) {
        return ActionView.of(mitigations.advance(incidentId, actionId, MitigationAction.Step.FAIL, outcome,
                actor.get()));
    }
}
