package io.connectops.notifications.digest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.connectops.platform.security.Roles;

@Path("/api/v1/digests")
@Produces(MediaType.APPLICATION_JSON)
public class DigestResource {

    @Inject
    DigestService digests;

    /** Sends every waiting digest item now, one message per channel, instead of at the scheduled time. */
    @POST
    @Path("/run")
    @RolesAllowed(Roles.ADMIN)
    public DigestRunView runNow() {
        return new DigestRunView(digests.runNow());
    }
}
