package io.connectops.notifications.channels;

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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.connectops.notifications.senders.ChannelType;
import io.connectops.platform.rest.Page;
import io.connectops.platform.rest.PageRequest;
import io.connectops.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;

/** Channels: every role reads them (never the secrets), admins change and test them. */
@Path("/api/v1/channels")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class ChannelResource {

    @Inject
    ChannelService channels;

    @Inject
    SecurityIdentity identity;

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.INCIDENT_MANAGER, Roles.SUPERVISOR, Roles.ADMIN})
    public Page<ChannelView> list(@Valid @BeanParam PageRequest page, @QueryParam("type") ChannelType type,
            @QueryParam("name") String name) {
        boolean admin = identity.hasRole(Roles.ADMIN);
        return channels.find(type, name, page.page(), page.size()).map(channel -> ChannelView.of(channel, admin));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.VIEWER, Roles.INCIDENT_MANAGER, Roles.SUPERVISOR, Roles.ADMIN})
    public ChannelView get(@PathParam("id") UUID id) {
        return ChannelView.of(channels.get(id), identity.hasRole(Roles.ADMIN));
    }

    @POST
    public Response create(@NotNull ChannelDraft draft) {
        ChannelView created = ChannelView.of(channels.create(draft));
        return Response.status(Response.Status.CREATED).entity(created)
                .header("Location", "/api/v1/channels/" + created.id()).build();
    }

    @PUT
    @Path("/{id}")
    public ChannelView update(@PathParam("id") UUID id, @NotNull ChannelDraft draft) {
        return ChannelView.of(channels.update(id, draft));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") UUID id) {
        channels.delete(id);
        return Response.noContent().build();
    }

    /** Sends a test message now and reports what the receiver answered. */
    @POST
    @Path("/{id}/test")
    @Consumes(MediaType.WILDCARD)
    public ChannelTestView test(@PathParam("id") UUID id) {
        return ChannelTestView.of(channels.test(id));
    }
}
