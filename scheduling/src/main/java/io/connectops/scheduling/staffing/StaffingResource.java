package io.connectops.scheduling.staffing;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.connectops.platform.security.Roles;
import io.connectops.scheduling.staffing.StaffingService.StaffingAnswer;

/** Stateless staffing maths: Erlang C (or Erlang A with a patience) for one interval or a whole forecast. */
@Path("/api/v1/staffing")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class StaffingResource {

    @Inject
    StaffingService staffing;

    @POST
    @Path("/erlang-c")
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public StaffingAnswer erlangC(@Valid @NotNull ErlangDraft request) {
        return staffing.compute(request);
    }

    @POST
    @Path("/requirements")
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public RequirementsView requirements(@Valid @NotNull RequirementsDraft request) {
        return staffing.requirements(request);
    }
}
