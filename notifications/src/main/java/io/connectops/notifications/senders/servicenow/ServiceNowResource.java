package io.connectops.notifications.senders.servicenow;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.connectops.platform.security.Roles;

/**
 * ServiceNow business-rule callbacks (resolved, reassigned, commented) on records notifications created. The rule
 * calls with a client-credentials token of a machine client that has the {@code servicenow} role (and nothing else:
 * {@code ingest}, the metrics pushers' role, is refused).
 */
@Path("/api/v1/servicenow/events")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ServiceNowResource {

    @Inject
    ServiceNowSync sync;

    @POST
    @RolesAllowed({Roles.SERVICENOW, Roles.ADMIN})
    public Response callback(@NotNull @Valid ServiceNowCallback callback) {
        return Response.accepted(sync.accept(callback)).build();
    }
}
