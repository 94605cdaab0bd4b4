package io.connectops.alerting.series;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.connectops.platform.rest.PageRequest;
import io.connectops.platform.security.Roles;

@Path("/api/v1/series")
@Produces(MediaType.APPLICATION_JSON)
public class SeriesResource {

    @Inject
    SeriesService series;

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    public List<SeriesView> list(@QueryParam("instanceId") String instanceId, @QueryParam("queueId") String queueId,
            @Valid @BeanParam PageRequest page) {
        return series.find(instanceId, queueId, page.page(), page.size());
    }
}
