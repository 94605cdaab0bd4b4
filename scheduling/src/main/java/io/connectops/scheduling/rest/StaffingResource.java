package io.connectops.scheduling.rest;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.connectops.platform.security.Roles;
import io.connectops.scheduling.service.StaffingService;
import io.connectops.scheduling.service.StaffingService.IntervalNeed;
import io.connectops.scheduling.service.StaffingService.StaffingAnswer;

/** Stateless staffing maths: Erlang C (or Erlang A with a patience) for one interval or a whole forecast. */
@Path("/api/v1/staffing")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class StaffingResource {

    @Inject
    StaffingService staffing;

    /** Exactly one of {@code agents} (evaluate) and {@code targetServiceLevel} (search) is given. */
    public record ErlangRequest(
            @NotNull @PositiveOrZero Double contacts,
            @NotNull @Positive @Max(86400) Integer intervalSeconds,
            @NotNull @Positive Double ahtSeconds,
            @NotNull @PositiveOrZero Double serviceLevelSeconds,
            @PositiveOrZero @Max(100000) Integer agents,
            @DecimalMin("0") @DecimalMax("1") Double targetServiceLevel,
            @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double maxOccupancy,
            @DecimalMin("0") @DecimalMax(value = "1", inclusive = false) Double shrinkage,
            @Positive Double patienceSeconds) {
    }

    public record IntervalLoad(@NotNull Instant start, @NotNull @PositiveOrZero Double contacts,
            @NotNull @Positive Double ahtSeconds) {
    }

    public record RequirementsRequest(
            @NotNull @Positive @Max(86400) Integer intervalSeconds,
            @NotNull @PositiveOrZero Double serviceLevelSeconds,
            @NotNull @DecimalMin("0") @DecimalMax("1") Double targetServiceLevel,
            @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double maxOccupancy,
            @DecimalMin("0") @DecimalMax(value = "1", inclusive = false) Double shrinkage,
            @Positive Double patienceSeconds,
            String forecastId,
            @Size(max = 20000) List<@Valid @NotNull IntervalLoad> intervals) {
    }

    public record Requirements(int intervalSeconds, int peakScheduledAgents, double totalAgentHours,
            List<IntervalNeed> intervals) {
    }

    @POST
    @Path("/erlang-c")
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public StaffingAnswer erlangC(@Valid @NotNull ErlangRequest request) {
        return staffing.compute(request);
    }

    @POST
    @Path("/requirements")
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public Requirements requirements(@Valid @NotNull RequirementsRequest request) {
        return staffing.requirements(request);
    }
}
