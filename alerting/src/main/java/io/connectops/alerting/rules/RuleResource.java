package io.connectops.alerting.rules;

import java.net.URI;

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

import io.connectops.contracts.Severity;
import io.connectops.platform.rest.Page;
import io.connectops.platform.rest.PageRequest;
import io.connectops.platform.security.Roles;

@Path("/api/v1/rules")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class RuleResource {

    @Inject
    RuleService rules;

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    public Page<RuleView> list(@QueryParam("metric") String metric, @QueryParam("severity") Severity severity,
            @QueryParam("enabled") Boolean enabled, @Valid @BeanParam PageRequest page) {
        return rules.find(metric, severity, enabled, page.page(), page.size());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    public RuleView get(@PathParam("id") String id) {
        return rules.get(id);
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    public Response create(@NotNull @Valid RuleDraft draft) {
        RuleView rule = rules.create(draft);
        return Response.created(URI.create("/api/v1/rules/" + rule.id())).entity(rule).build();
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    public RuleView replace(@PathParam("id") String id, @NotNull @Valid RuleDraft draft) {
        return rules.replace(id, draft);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    public Response delete(@PathParam("id") String id) {
        rules.delete(id);
        return Response.noContent().build();
    }
}
