package io.connectops.scheduling.console;

import java.time.Instant;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.connectops.platform.problem.ProblemException;
import io.connectops.platform.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The supervisor page: people sign in through the OIDC provider (the {@code console} tenant, authorization-code
 * flow) and read today's staffing of a group against its requirement with the power of one, its shifts, adherence
 * now, the ops tasks due and the maintenance windows. Read only; the API changes things.
 */
@Path("/supervisor")
@Produces(MediaType.TEXT_HTML)
public class SupervisorResource {

    @CheckedTemplate(requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance supervisor(SupervisorView page);
    }

    @Inject
    SupervisorService supervisor;

    /** {@code group}: a staffing group's id; without it, the first group with a schedule published today. */
    @GET
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public Response page(@QueryParam("group") String group) {
        try {
            return Response.ok(Templates.supervisor(supervisor.page(group, Instant.now()))).build();
        } catch (ProblemException refused) {
            return Response.status(refused.status()).entity(Templates.supervisor(SupervisorView.refused(refused)))
                    .build();
        }
    }
}
