package io.connectops.scheduling.roster;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import io.connectops.platform.rest.Page;
import io.connectops.platform.rest.PageRequest;
import io.connectops.platform.security.Roles;
import io.connectops.scheduling.roster.ScheduleService.ScheduleView;

/** Schedule generation (background solving), drafts and publication. Viewers see published schedules only. */
@Path("/api/v1/schedules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ScheduleResource {

    @Inject
    ScheduleService schedules;

    @POST
    @RolesAllowed(Roles.SUPERVISOR)
    public Response generate(@Valid @NotNull ScheduleDraft request) {
        return Response.accepted(schedules.generate(request)).build();
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public Page<ScheduleView> list(@QueryParam("groupId") String groupId, @QueryParam("status") String status,
            @Valid @BeanParam PageRequest page, @Context SecurityContext security) {
        return schedules.list(groupId, status, security.isUserInRole(Roles.SUPERVISOR), page);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public ScheduleView get(@PathParam("id") String id, @QueryParam("withShifts") Boolean withShifts,
            @Context SecurityContext security) {
        return schedules.view(id, security.isUserInRole(Roles.SUPERVISOR), withShifts == null || withShifts);
    }

    @POST
    @Path("{id}/publish")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.SUPERVISOR)
    public ScheduleView publish(@PathParam("id") String id) {
        return schedules.publish(id);
    }
}
