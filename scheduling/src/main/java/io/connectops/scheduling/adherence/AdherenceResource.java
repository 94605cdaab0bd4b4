package io.connectops.scheduling.adherence;

import java.time.Instant;
import java.time.LocalDate;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.connectops.platform.security.Roles;
import io.connectops.scheduling.adherence.AdherenceService.GroupAdherence;
import io.connectops.scheduling.adherence.AdherenceService.PowerOfOne;

@Path("/api/v1/adherence")
@Produces(MediaType.APPLICATION_JSON)
public class AdherenceResource {

    @Inject
    AdherenceService adherence;

    /** Per agent adherent vs scheduled minutes for a day (today so far when omitted), and who is out of adherence now. */
    @GET
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public GroupAdherence adherence(@QueryParam("groupId") @NotNull String groupId,
            @QueryParam("date") LocalDate date) {
        return adherence.adherence(groupId, date, Instant.now());
    }

    /** Service level and ASA this interval with the agents available now, one less and one more. */
    @GET
    @Path("power-of-one")
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public PowerOfOne powerOfOne(@QueryParam("groupId") @NotNull String groupId,
            @QueryParam("serviceLevelSeconds") @PositiveOrZero Double serviceLevelSeconds) {
        return adherence.powerOfOne(groupId, serviceLevelSeconds, Instant.now());
    }
}
