package io.connectops.platform.audit;

import java.time.Instant;
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

/** The audit trail of this service, for admins. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    @Inject
    AuditTrail trail;

    @GET
    @RolesAllowed(Roles.ADMIN)
    public List<AuditTrail.Entry> list(@QueryParam("actor") String actorId, @QueryParam("from") Instant from,
            @QueryParam("to") Instant to, @Valid @BeanParam PageRequest page) {
        return trail.find(actorId, from == null ? Instant.EPOCH : from, to == null ? Instant.now().plusSeconds(1) : to,
                page.page(), page.size());
    }
}
