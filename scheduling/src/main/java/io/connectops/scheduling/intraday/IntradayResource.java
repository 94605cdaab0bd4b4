package io.connectops.scheduling.intraday;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.connectops.platform.security.Roles;
import io.connectops.scheduling.intraday.IntradayService.IntradayView;

/** Intraday: the rest of the day re-forecast from its actuals so far, staffed again, against the schedule. */
@Path("/api/v1/forecasts/{id}/reforecast")
@Produces(MediaType.APPLICATION_JSON)
public class IntradayResource {

    @Inject
    IntradayService intraday;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public IntradayView reforecast(@PathParam("id") String id, @Valid @NotNull ReforecastDraft request) {
        return intraday.reforecast(id, request);
    }
}
