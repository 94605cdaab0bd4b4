package io.connectops.incidents.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.connectops.incidents.service.ReportService;
import io.connectops.platform.security.Roles;

/** Incident figures over a period: {@code ?from=&to=} (ISO-8601 instants), optionally for one queue. */
@Path("/api/v1/reports/incidents")
@Produces(MediaType.APPLICATION_JSON)
public class ReportResource {

    @Inject
    ReportService reports;

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.INCIDENT_MANAGER})
    public ReportService.IncidentReport report(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("queue") String queue) {
        return reports.report(QueryParams.instant("from", from), QueryParams.instant("to", to), queue);
    }
}
