package io.connectops.scheduling.ops;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.connectops.platform.rest.Page;
import io.connectops.platform.rest.PageRequest;
import io.connectops.platform.security.Roles;
import io.connectops.scheduling.ops.MaintenanceService.SlotSuggestion;

@Path("/api/v1/maintenance-windows")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MaintenanceResource {

    @Inject
    MaintenanceService maintenance;

    @POST
    @RolesAllowed(Roles.SUPERVISOR)
    public Response create(@Valid @NotNull MaintenanceWindowDraft request) {
        return Response.status(Response.Status.CREATED).entity(maintenance.create(request, Instant.now())).build();
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public Page<WindowView> list(@QueryParam("status") String status, @QueryParam("queueId") String queueId,
            @Valid @BeanParam PageRequest page) {
        return maintenance.list(status, queueId, page);
    }

    /** The quietest slots of the given length in the forecasts of these queues. */
    @GET
    @Path("suggestions")
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public List<SlotSuggestion> suggestions(@QueryParam("queueId") @NotEmpty List<String> queueIds,
            @QueryParam("durationMinutes") @NotNull @Min(15) @Max(1440) Integer durationMinutes,
            @QueryParam("from") Instant from, @QueryParam("to") Instant to,
            @QueryParam("count") @Min(1) @Max(20) Integer count) {
        return maintenance.suggestions(queueIds, durationMinutes, from, to, count == null ? 5 : count);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public WindowView get(@PathParam("id") String id) {
        return maintenance.get(id);
    }

    @POST
    @Path("{id}/cancel")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.SUPERVISOR)
    public WindowView cancel(@PathParam("id") String id) {
        return maintenance.cancel(id);
    }

    /** Documents what was done and how it went, once the window has ended. */
    @POST
    @Path("{id}/document")
    @RolesAllowed(Roles.SUPERVISOR)
    public WindowView document(@PathParam("id") String id, @Valid @NotNull OutcomeDraft request) {
        return maintenance.document(id, request.outcome());
    }
}
