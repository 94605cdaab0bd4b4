package io.connectops.ingest.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.connectops.contracts.metrics.MetricCatalogue;
import io.connectops.contracts.metrics.MetricDefinition;
import io.connectops.contracts.metrics.MetricOrigin;
import io.connectops.platform.security.Roles;

@Path("/api/v1/metrics/catalogue")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogueResource {

    /** The whole catalogue (about fifty entries, so not paged), optionally of one origin. */
    @GET
    @RolesAllowed({ Roles.VIEWER, Roles.ADMIN, Roles.INGEST })
    public List<MetricDefinition> catalogue(@QueryParam("origin") MetricOrigin origin) {
        return origin == null ? MetricCatalogue.all() : MetricCatalogue.ofOrigin(origin);
    }
}
