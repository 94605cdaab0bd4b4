package io.connectops.scheduling.forecast;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
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

import io.connectops.platform.problem.ProblemException;
import io.connectops.platform.rest.Page;
import io.connectops.platform.rest.PageRequest;
import io.connectops.platform.security.Roles;
import io.connectops.scheduling.common.TimeBounds;
import io.connectops.scheduling.forecast.ForecastService.HistoryInterval;
import io.connectops.scheduling.forecast.ForecastService.ImportResult;

/** Contact history import (JSON or CSV) and forecasts with their hold-out accuracy. */
@Path("/api/v1/forecasts")
@Produces(MediaType.APPLICATION_JSON)
public class ForecastResource {

    @Inject
    ForecastService forecasts;

    @POST
    @Path("history")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SUPERVISOR)
    public ImportResult importJson(@Valid @NotNull HistoryDraft request) {
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
            throw ProblemException.invalid("to", "at most 35 days after from");
        }
        return forecasts.history(queueId, intervalSeconds, from, to);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SUPERVISOR)
    public Response create(@Valid @NotNull ForecastDraft request) {
        ForecastView forecast = forecasts.create(request.queueId(), request.intervalSeconds(), request.horizonDays(),
                request.holdoutDays() == null ? 7 : request.holdoutDays());
        return Response.status(Response.Status.CREATED).entity(forecast).build();
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public Page<ForecastView> list(@QueryParam("queueId") String queueId, @Valid @BeanParam PageRequest page) {
        return forecasts.list(queueId, page.page(), page.size());
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public ForecastView get(@PathParam("id") String id) {
        return forecasts.view(id);
    }
}
