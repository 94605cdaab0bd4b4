package io.connectops.alerting.suppression;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
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
import io.connectops.platform.security.CurrentActor;
import io.connectops.platform.security.Roles;

@Path("/api/v1/silences")
@Produces(MediaType.APPLICATION_JSON)
public class SilenceResource {

    @Inject
    SilenceService silences;

    @Inject
    CurrentActor actor;

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    public Page<SilenceView> list(@QueryParam("active") Boolean active, @Valid @BeanParam PageRequest page) {
        return silences.find(active, page.page(), page.size());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    public SilenceView get(@PathParam("id") String id) {
        return silences.get(id);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Response create(@NotNull @Valid SilenceDraft draft) {
        SilenceView silence = silences.create(draft, actor.get());
        return Response.created(URI.create("/api/v1/silences/" + silence.id())).entity(silence).build();
    }

    @POST
    @Path("/{id}/expire")
    @RolesAllowed(Roles.ADMIN)
    public SilenceView expire(@PathParam("id") String id) {
        return silences.expire(id);
    }
}
