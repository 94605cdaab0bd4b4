package io.connectops.incidents.console;

import java.net.URI;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import io.connectops.platform.problem.ProblemException;
import io.connectops.platform.security.CurrentActor;
import io.connectops.platform.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The incident console, where every "Open incident" link ({@code <public-url>/incidents/<id>}) leads: people sign in
 * through the OIDC provider (the {@code console} tenant, authorization-code flow) and act with the same services and
 * the same roles as the API. Forms carry a CSRF token ({@link ConsoleCsrf}); a refused action shows the page again
 * with the reason.
 */
@Path("/incidents")
@Produces(MediaType.TEXT_HTML)
public class ConsoleResource {

    @CheckedTemplate(requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance list(IncidentListPage page);

        static native TemplateInstance incident(IncidentPage page);

        /** Only the timeline of the incident page, which the page polls to stay live. */
        static native TemplateInstance incident$timeline(IncidentPage page);
    }

    @Inject
    ConsoleReader reader;

    @Inject
    ConsoleActions actions;

    @Inject
    CurrentActor actor;

    @Inject
    SecurityIdentity identity;

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.INCIDENT_MANAGER})
    public Response list(@BeanParam ListForm form) {
        try {
            return Response.ok(Templates.list(reader.list(form))).build();
        } catch (ProblemException refused) {
            return Response.status(refused.status())
                    .entity(Templates.list(IncidentListPage.refused(form, refused))).build();
        }
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.VIEWER, Roles.INCIDENT_MANAGER})
    public Response incident(@PathParam("id") UUID id, @CookieParam(ConsoleCsrf.COOKIE) String csrf,
            @Context UriInfo uri) {
        String token = ConsoleCsrf.tokenFor(csrf);
        return Response.ok(Templates.incident(reader.incident(id, canAct(), token, null)))
                .cookie(ConsoleCsrf.cookie(token, secure(uri))).build();
    }

    @GET
    @Path("/{id}/timeline")
    @RolesAllowed({Roles.VIEWER, Roles.INCIDENT_MANAGER})
    public TemplateInstance timeline(@PathParam("id") UUID id) {
        return Templates.incident$timeline(reader.incident(id, canAct(), null, null));
    }

    /**
     * One step on the incident, with the fields of its form: then back to the incident (303, so that a reload does
     * not post again), or the page again with why it was refused. The CSRF token is checked before anything runs.
     */
    @POST
    @Path("/{id}/actions/{action}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.INCIDENT_MANAGER)
    public Response act(@PathParam("id") UUID id, @PathParam("action") String action, @BeanParam ActionForm form,
            @CookieParam(ConsoleCsrf.COOKIE) String csrf, @Context UriInfo uri) {
        try {
            ConsoleCsrf.verify(csrf, form.csrf);
            actions.run(id, action, form, actor.get());
            return Response.seeOther(URI.create("/incidents/" + id)).build();
        } catch (ProblemException refused) {
            String token = ConsoleCsrf.tokenFor(csrf);
            return Response.status(refused.status())
                    .entity(Templates.incident(reader.incident(id, canAct(), token, refused)))
                    .cookie(ConsoleCsrf.cookie(token, secure(uri))).build();
        }
    }

    private static boolean secure(UriInfo uri) {
        return "https".equalsIgnoreCase(uri.getRequestUri().getScheme());
    }

    private boolean canAct() {
        return identity.hasRole(Roles.INCIDENT_MANAGER);
    }
}
