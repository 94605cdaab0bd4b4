package io.connectops.scheduling.ops;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.connectops.platform.rest.Page;
import io.connectops.platform.rest.PageRequest;
import io.connectops.platform.security.Roles;

/** Operational task templates and the tasks they produce. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OpsTaskResource {

    @Inject
    TemplateService templates;

    @Inject
    OpsTaskService tasks;

    @GET
    @Path("ops-task-templates")
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public Page<TemplateView> templates(@Valid @BeanParam PageRequest page) {
        return templates.templates(page);
    }

    @GET
    @Path("ops-task-templates/{id}")
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public TemplateView template(@PathParam("id") String id) {
        return templates.get(id);
    }

    @POST
    @Path("ops-task-templates")
    @RolesAllowed(Roles.SUPERVISOR)
    public Response createTemplate(@Valid @NotNull TemplateDraft request) {
        return Response.status(Response.Status.CREATED).entity(templates.create(request)).build();
    }

    @POST
    @Path("ops-task-templates/{id}/deactivate")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.SUPERVISOR)
    public TemplateView deactivate(@PathParam("id") String id) {
        return templates.setActive(id, false);
    }

    @POST
    @Path("ops-task-templates/{id}/activate")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.SUPERVISOR)
    public TemplateView activate(@PathParam("id") String id) {
        return templates.setActive(id, true);
    }

    /** {@code due=today} (due today, UTC) or {@code due=overdue}; {@code status=OPEN|DONE}. */
    @GET
    @Path("ops-tasks")
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public Page<TaskView> list(@QueryParam("due") String due, @QueryParam("status") String status,
            @QueryParam("templateId") String templateId, @Valid @BeanParam PageRequest page) {
        return tasks.tasks(due, status, templateId, page, Instant.now());
    }

    @GET
    @Path("ops-tasks/{id}")
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public TaskView get(@PathParam("id") String id) {
        return tasks.task(id, Instant.now());
    }

    @POST
    @Path("ops-tasks/{id}/items/{index}/complete")
    @RolesAllowed(Roles.SUPERVISOR)
    public TaskView completeItem(@PathParam("id") String id, @PathParam("index") int index,
            @Valid NotesDraft request) {
        return tasks.completeItem(id, index, request == null ? null : request.notes(), Instant.now());
    }

    /** Ticks or unticks one checklist item ({@code done}), only if it is in the other state: 409 otherwise. */
    @PUT
    @Path("ops-tasks/{id}/items/{index}")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    public TaskView tick(@PathParam("id") String id, @PathParam("index") int index,
            @Valid @NotNull TickDraft request) {
        return tasks.tick(id, index, request.done(), request.notes(), Instant.now());
    }

    /** Who ticked or unticked which item of the checklist, and when; oldest first. */
    @GET
    @Path("ops-tasks/{id}/ticks")
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR, Roles.ADMIN})
    public List<TickView> ticks(@PathParam("id") String id) {
        return tasks.ticks(id);
    }

    @POST
    @Path("ops-tasks/{id}/complete")
    @RolesAllowed(Roles.SUPERVISOR)
    public TaskView complete(@PathParam("id") String id, @Valid NotesDraft request) {
        return tasks.complete(id, request == null ? null : request.notes(), Instant.now());
    }
}
