package io.connectops.alerting.ruletest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.connectops.platform.security.Roles;

/** Rules tested like code: recorded series against rules, alerts expected at given times. Stores nothing. */
@Path("/api/v1/rules/test")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class RuleTestResource {

    @Inject
    RuleTestService ruleTests;

    @POST
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    public RuleTestView test(@NotNull @Valid RuleTestDraft draft) {
        return ruleTests.test(draft);
    }
}
