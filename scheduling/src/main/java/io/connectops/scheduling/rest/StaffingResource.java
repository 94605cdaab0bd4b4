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

    /** Contacts in one interval: a thousand times the busiest real queue's, and finite. */
    public static final String MAX_CONTACTS = "1e9";
    /** Handle times, thresholds and patience: one day at most. */
    public static final String MAX_SECONDS = "86400";
    /** Below a second, service and abandonment rates make the Erlang A chain needlessly stiff. */
    public static final String MIN_AHT_SECONDS = "1";
    public static final String MIN_PATIENCE_SECONDS = "1";
    /** Agents to schedule are agents ÷ (1 − shrinkage): at 0.99 a hundredfold, and still an int. */
    public static final String MAX_SHRINKAGE = "0.99";
    /**
     * Intervals of one requirements request: three weeks of 15-minute intervals. Reading and writing 20,000 took
     * 3-4 s on two loaded cores, in JSON alone; a longer horizon is asked for in several requests.
     */
    public static final int MAX_INTERVALS = 2000;

    @Inject
    StaffingService staffing;

    /**
     * Exactly one of {@code agents} (evaluate) and {@code targetServiceLevel} (search) is given. Every number has a
     * finite bound (1e400 parses to Infinity, which passes {@code @Positive}), so that no request can hold a worker
     * for long: see {@link StaffingService} for the bounds across fields (traffic, service-level threshold).
     */
    public record ErlangRequest(
            @NotNull @PositiveOrZero @DecimalMax(MAX_CONTACTS) Double contacts,
            @NotNull @Positive @Max(86400) Integer intervalSeconds,
            @NotNull @DecimalMin(MIN_AHT_SECONDS) @DecimalMax(MAX_SECONDS) Double ahtSeconds,
            @NotNull @PositiveOrZero @DecimalMax(MAX_SECONDS) Double serviceLevelSeconds,
            @PositiveOrZero @Max(100000) Integer agents,
            @DecimalMin("0") @DecimalMax("1") Double targetServiceLevel,
            @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double maxOccupancy,
            @DecimalMin("0") @DecimalMax(MAX_SHRINKAGE) Double shrinkage,
            @DecimalMin(MIN_PATIENCE_SECONDS) @DecimalMax(MAX_SECONDS) Double patienceSeconds) {
    }

    public record IntervalLoad(@NotNull Instant start, @NotNull @PositiveOrZero @DecimalMax(MAX_CONTACTS) Double contacts,
            @NotNull @DecimalMin(MIN_AHT_SECONDS) @DecimalMax(MAX_SECONDS) Double ahtSeconds) {
    }

    public record RequirementsRequest(
            @NotNull @Positive @Max(86400) Integer intervalSeconds,
            @NotNull @PositiveOrZero @DecimalMax(MAX_SECONDS) Double serviceLevelSeconds,
            @NotNull @DecimalMin("0") @DecimalMax("1") Double targetServiceLevel,
            @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double maxOccupancy,
            @DecimalMin("0") @DecimalMax(MAX_SHRINKAGE) Double shrinkage,
            @DecimalMin(MIN_PATIENCE_SECONDS) @DecimalMax(MAX_SECONDS) Double patienceSeconds,
            @Size(max = 100) String forecastId,
            @Size(max = MAX_INTERVALS) List<@Valid @NotNull IntervalLoad> intervals) {
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
