package io.connectops.notifications.routing;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.connectops.platform.rest.Page;
import io.connectops.platform.rest.PageRequest;
import io.connectops.platform.security.Roles;

/** Routing rules: every role reads them, admins change them. */
@Path("/api/v1/routes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class RouteResource {

    @Inject
    RouteService routes;

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.INCIDENT_MANAGER, Roles.SUPERVISOR, Roles.ADMIN})
    public Page<RouteView> list(@Valid @BeanParam PageRequest page) {
        return routes.find(page.page(), page.size()).map(RouteView::of);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.VIEWER, Roles.INCIDENT_MANAGER, Roles.SUPERVISOR, Roles.ADMIN})
    public RouteView get(@PathParam("id") UUID id) {
        return RouteView.of(routes.get(id));
    }

    @POST
    public Response create(@NotNull RouteDraft draft) {
        RouteView created = RouteView.of(routes.create(draft));
        return Response.status(Response.Status.CREATED).entity(created)
                .header("Location", "/api/v1/routes/" + created.id()).build();
    }

    /** Which channels an event with these properties would reach now, and through which route; changes nothing. */
    @POST
    @Path("/test")
    @RolesAllowed({Roles.VIEWER, Roles.INCIDENT_MANAGER, Roles.SUPERVISOR, Roles.ADMIN})
    public RouteTestView test(@Valid @NotNull RouteTestDraft draft) {
        return routes.test(draft);
    }

    @PUT
    @Path("/{id}")
    public RouteView update(@PathParam("id") UUID id, @NotNull RouteDraft draft) {
        return RouteView.of(routes.update(id, draft));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") UUID id) {
        routes.delete(id);
        return Response.noContent().build();
    }
}
