package io.connectops.scheduling.console;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.connectops.platform.problem.Problem;
import io.connectops.platform.problem.ProblemException;
import io.connectops.platform.security.Roles;
import io.connectops.scheduling.ops.OpsTaskService;
import io.connectops.scheduling.ops.TaskView;
import io.connectops.scheduling.ops.TickDraft;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The supervisor page: people sign in through the OIDC provider (the {@code console} tenant, authorization-code
 * flow) and read today's staffing of a group against its requirement with the power of one, its shifts, adherence
 * now, the ops tasks due and the maintenance windows. A supervisor ticks checklist items on it: the page's checkbox
 * posts to {@link #tick}, which runs the API's own conditional tick with the signed-in person as the actor (the API
 * takes bearer tokens only, which a page signed in with a session cookie does not hold).
 */
@Path("/supervisor")
@Produces(MediaType.TEXT_HTML)
public class SupervisorResource {

    @CheckedTemplate(requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance supervisor(SupervisorView page, boolean canTick);
    }

    /**
     * The header the page's script sends with a tick. With the JSON body it makes a request that another site's page
     * cannot send without a CORS preflight, which this service never grants: a forged form post never ticks.
     */
    static final String TICK_HEADER = "X-Connectops-Console";

    @Inject
    SupervisorService supervisor;

    @Inject
    OpsTaskService tasks;

    @Inject
    SecurityIdentity identity;

    /** {@code group}: a staffing group's id; without it, the first group with a schedule published today. */
    @GET
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public Response page(@QueryParam("group") String group) {
        try {
            return Response.ok(Templates.supervisor(supervisor.page(group, Instant.now()), canTick())).build();
        } catch (ProblemException refused) {
            return Response.status(refused.status())
                    .entity(Templates.supervisor(SupervisorView.refused(refused), false)).build();
        }
    }

    /** The page's checkbox: ticks or unticks one item, as {@code PUT /api/v1/ops-tasks/{id}/items/{index}} does. */
    @POST
    @Path("/tasks/{id}/items/{index}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    public TaskView tick(@PathParam("id") String id, @PathParam("index") int index,
            @HeaderParam(TICK_HEADER) String fromPage, @Valid @NotNull TickDraft request) {
        if (!"tick".equals(fromPage)) {
            throw new ProblemException(Response.Status.BAD_REQUEST, "Bad Request",
                    "A tick comes from the supervisor page's checkbox: reload the page and try again",
                    List.of(new Problem.FieldError(TICK_HEADER, "must be tick")), null);
        }
        return tasks.tick(id, index, request.done(), request.notes(), Instant.now());
    }

    private boolean canTick() {
        return identity.hasRole(Roles.SUPERVISOR) || identity.hasRole(Roles.ADMIN);
    }
}
