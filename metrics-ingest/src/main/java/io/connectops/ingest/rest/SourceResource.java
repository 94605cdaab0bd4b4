package io.connectops.ingest.rest;

import java.net.URI;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.connectops.ingest.service.SourceService;
import io.connectops.ingest.service.SourceSpec;
import io.connectops.ingest.service.SourceView;
import io.connectops.platform.rest.Page;
import io.connectops.platform.rest.PageRequest;
import io.connectops.platform.security.Roles;

@Path("/api/v1/sources")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class SourceResource {

    @Inject
    SourceService sources;

    @GET
    @RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
    public Page<SourceView> list(@QueryParam("instanceId") @Size(max = 100) String instanceId,
            @QueryParam("enabled") Boolean enabled, @Valid @BeanParam PageRequest page) {
        return sources.list(instanceId, enabled, page);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@NotNull @Valid SourceSpec spec) {
        SourceView created = sources.create(spec);
        return Response.created(URI.create("/api/v1/sources/" + created.id())).entity(created).build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.VIEWER, Roles.ADMIN })
    public SourceView get(@PathParam("id") UUID id) {
        return sources.get(id);
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public SourceView update(@PathParam("id") UUID id, @NotNull @Valid SourceSpec spec) {
        return sources.update(id, spec);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") UUID id) {
        sources.delete(id);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/enable")
    public SourceView enable(@PathParam("id") UUID id) {
        return sources.enable(id);
    }

    @POST
    @Path("{id}/disable")
    public SourceView disable(@PathParam("id") UUID id) {
        return sources.disable(id);
    }
}
