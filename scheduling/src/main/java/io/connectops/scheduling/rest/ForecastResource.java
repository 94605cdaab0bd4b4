package io.connectops.scheduling.rest;

import static io.connectops.scheduling.rest.StaffingResource.MAX_CONTACTS;
import static io.connectops.scheduling.rest.StaffingResource.MAX_SECONDS;
import static io.connectops.scheduling.rest.StaffingResource.MAX_SHRINKAGE;

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
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
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
import io.connectops.scheduling.domain.forecast.Forecast;
import io.connectops.scheduling.service.ForecastService;
import io.connectops.scheduling.service.ForecastService.HistoryInterval;
import io.connectops.scheduling.service.ForecastService.ImportResult;
import io.connectops.scheduling.service.IntradayService;
import io.connectops.scheduling.service.IntradayService.IntradayView;
import io.connectops.scheduling.service.TimeBounds;

/** Contact history import (JSON or CSV) and forecasts with their hold-out accuracy. */
@Path("/api/v1/forecasts")
@Produces(MediaType.APPLICATION_JSON)
public class ForecastResource {

    @Inject
    ForecastService forecasts;

    @Inject
    IntradayService intraday;

    /** Finite bounds: 1e400 parses to Infinity, which passes {@code @PositiveOrZero}. */
    public record HistoryEntry(@NotNull Instant start, @NotNull @PositiveOrZero @DecimalMax(MAX_CONTACTS) Double contacts,
            @Positive @DecimalMax(MAX_SECONDS) Double ahtSeconds) {
    }

    public record HistoryRequest(@NotBlank @Size(max = 200) String queueId, @NotNull Integer intervalSeconds,
            @NotEmpty @Size(max = 50000) List<@Valid @NotNull HistoryEntry> intervals) {
    }

    public record ForecastRequest(@NotBlank @Size(max = 200) String queueId, @NotNull Integer intervalSeconds,
            @NotNull @Min(1) @Max(126) Integer horizonDays, @Min(0) @Max(28) Integer holdoutDays) {
    }

    /**
     * Re-forecasts the rest of {@code date} (in {@code timeZone}, UTC by default) as of {@code asOf} (now by
     * default) from {@code actuals}, or from the contact history recorded so far when none are given.
     */
    public record ReforecastRequest(@NotNull LocalDate date, @Size(max = 60) String timeZone, Instant asOf,
            @NotNull @PositiveOrZero @DecimalMax(MAX_SECONDS) Double serviceLevelSeconds,
            @NotNull @DecimalMin("0") @DecimalMax("1") Double targetServiceLevel,
            @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double maxOccupancy,
            @DecimalMin("0") @DecimalMax(MAX_SHRINKAGE) Double shrinkage,
            @Size(max = 100) String groupId,
            @Size(max = 200) List<@Valid @NotNull HistoryEntry> actuals) {
    }

    /** A forecast with each interval's start, so clients need not compute them. */
    public record ForecastView(Forecast forecast, List<HistoryInterval> intervals) {

        static ForecastView of(Forecast forecast, boolean withIntervals) {
            List<HistoryInterval> intervals = null;
            if (withIntervals) {
                intervals = new java.util.ArrayList<>(forecast.contacts.length);
                for (int i = 0; i < forecast.contacts.length; i++) {
                    intervals.add(new HistoryInterval(forecast.intervalStart(i), forecast.contacts[i],
                            forecast.ahtSeconds[i]));
                }
            }
            return new ForecastView(forecast, intervals);
        }
    }

    @POST
    @Path("history")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SUPERVISOR)
    public ImportResult importJson(@Valid @NotNull HistoryRequest request) {
        return forecasts.importHistory(request.queueId(), request.intervalSeconds(), request.intervals().stream()
                .map(e -> new HistoryInterval(e.start(), e.contacts(), e.ahtSeconds())).toList());
    }

    /** CSV: {@code queue_id,interval_start,contacts,aht_seconds}, interval length in the query. */
    @POST
    @Path("history")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @RolesAllowed(Roles.SUPERVISOR)
    public List<ImportResult> importCsv(@QueryParam("intervalSeconds") @DefaultValue("900") int intervalSeconds,
            String csv) {
        return forecasts.importCsv(csv, intervalSeconds);
    }

    @GET
    @Path("history")
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public List<HistoryInterval> history(@QueryParam("queueId") @NotBlank String queueId,
            @QueryParam("intervalSeconds") @DefaultValue("900") int intervalSeconds,
            @QueryParam("from") @NotNull Instant from, @QueryParam("to") @NotNull Instant to) {
        TimeBounds.check("from", from);
        TimeBounds.check("to", to);
        if (to.isAfter(from.plusSeconds(35L * 86400))) {
            throw io.connectops.platform.problem.ProblemException.invalid("to", "at most 35 days after from");
        }
        return forecasts.history(queueId, intervalSeconds, from, to);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SUPERVISOR)
    public Response create(@Valid @NotNull ForecastRequest request) {
        Forecast forecast = forecasts.create(request.queueId(), request.intervalSeconds(), request.horizonDays(),
                request.holdoutDays() == null ? 7 : request.holdoutDays());
        return Response.status(Response.Status.CREATED).entity(ForecastView.of(forecast, true)).build();
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public Page<ForecastView> list(@QueryParam("queueId") String queueId, @Valid @BeanParam PageRequest page) {
        return forecasts.list(queueId, page.page(), page.size()).map(f -> ForecastView.of(f, false));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public ForecastView get(@PathParam("id") String id) {
        return ForecastView.of(forecasts.get(id), true);
    }

    /** Intraday: the rest of the day re-forecast from its actuals so far, staffed again, against the schedule. */
    @POST
    @Path("{id}/reforecast")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public IntradayView reforecast(@PathParam("id") String id, @Valid @NotNull ReforecastRequest request) {
        return intraday.reforecast(id, request);
    }
}
