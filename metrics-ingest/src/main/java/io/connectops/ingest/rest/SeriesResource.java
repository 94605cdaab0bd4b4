package io.connectops.ingest.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.connectops.ingest.service.SeriesService;
import io.connectops.platform.rest.Page;
import io.connectops.platform.rest.PageRequest;
import io.connectops.platform.security.Roles;

@Path("/api/v1/series")
@Produces(MediaType.APPLICATION_JSON)
public class SeriesResource {

    @Inject
    SeriesService series;

    /** What is being ingested: the latest sample of each series, filtered by instance, queue and metric. */
    @GET
    @RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
    public Page<SeriesService.LatestSample> latest(@QueryParam("instanceId") @Size(max = 200) String instanceId,
            @QueryParam("queueId") @Size(max = 200) String queueId,
            @QueryParam("metric") @Size(max = 100) String metric,
            @Valid @BeanParam PageRequest page) {
        return series.latest(instanceId, queueId, metric, page);
    }
}
