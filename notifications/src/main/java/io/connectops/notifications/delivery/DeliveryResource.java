package io.connectops.notifications.delivery;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.connectops.platform.rest.Page;
import io.connectops.platform.rest.PageRequest;
import io.connectops.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;

@Path("/api/v1/deliveries")
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryResource {

    @Inject
    DeliveryQueue deliveries;

    @Inject
    SecurityIdentity identity;

    /** Newest first; {@code channel} is a channel id. */
    @GET
    @RolesAllowed({Roles.VIEWER, Roles.INCIDENT_MANAGER, Roles.SUPERVISOR, Roles.ADMIN})
    public Page<DeliveryView> list(@Valid @BeanParam PageRequest page, @QueryParam("incidentId") String incidentId,
            @QueryParam("status") DeliveryStatus status, @QueryParam("channel") UUID channelId,
            @QueryParam("eventId") String eventId) {
        boolean receiverText = receiverText();
        return deliveries.find(incidentId, status, channelId, eventId, page.page(), page.size())
                .map(delivery -> DeliveryView.of(delivery, null, receiverText));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.VIEWER, Roles.INCIDENT_MANAGER, Roles.SUPERVISOR, Roles.ADMIN})
    public DeliveryView get(@PathParam("id") UUID id) {
        return DeliveryView.of(deliveries.get(id), deliveries.attempts(id), receiverText());
    }

    /** Receivers' answers can be anything an outbound URL returns; only those who act on deliveries read them. */
    private boolean receiverText() {
        return identity.hasRole(Roles.ADMIN) || identity.hasRole(Roles.INCIDENT_MANAGER);
    }

    /** Puts a dead-lettered delivery back into the queue with a fresh retry budget; 409 in any other state. */
    @POST
    @Path("/{id}/retry")
    @RolesAllowed({Roles.INCIDENT_MANAGER, Roles.ADMIN})
    public DeliveryView retry(@PathParam("id") UUID id) {
        return DeliveryView.of(deliveries.retry(id), deliveries.attempts(id));
    }
}
