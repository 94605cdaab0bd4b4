package io.connectops.scheduling.rest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
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
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.Context;

import io.connectops.platform.rest.Page;
import io.connectops.platform.rest.PageRequest;
import io.connectops.platform.security.Roles;
import io.connectops.scheduling.service.ScheduleService;
import io.connectops.scheduling.service.ScheduleService.ScheduleView;

/** Schedule generation (background solving), drafts and publication. Viewers see published schedules only. */
@Path("/api/v1/schedules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ScheduleResource {

    @Inject
    ScheduleService schedules;

    public record RequirementEntry(@NotNull Instant start, @NotNull @PositiveOrZero @Max(100000) Integer agents) {
    }

    /**
     * Either {@code requirement} (agents per interval) or the service-level target, in which case the requirement
     * comes from the latest forecasts of the group's queues through Erlang C.
     */
    public record ScheduleRequest(@NotNull @Size(max = 100) String groupId, @NotNull LocalDate from,
            @NotNull @Min(1) @Max(28) Integer days, @Min(1) @Max(600) Integer timeLimitSeconds,
            @DecimalMin("0") @DecimalMax("1") Double targetServiceLevel, @PositiveOrZero @DecimalMax("86400") Double serviceLevelSeconds,
            @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double maxOccupancy,
            @Size(max = 5000) List<@Valid @NotNull RequirementEntry> requirement) {
    }

    @POST
    @RolesAllowed(Roles.SUPERVISOR)
    public Response generate(@Valid @NotNull ScheduleRequest request) {
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
