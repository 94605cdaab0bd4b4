package io.connectops.scheduling.rest;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.connectops.platform.rest.Page;
import io.connectops.platform.rest.PageRequest;
import io.connectops.platform.security.Roles;
import io.connectops.scheduling.domain.ops.OpsTaskTemplate;
import io.connectops.scheduling.service.OpsTaskService;
import io.connectops.scheduling.service.OpsTaskService.TaskView;

/** Operational task templates and the tasks they produce. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OpsTaskResource {

    @Inject
    OpsTaskService tasks;

    public record TemplateRequest(@NotBlank @Size(max = 200) String name, @Size(max = 2000) String description,
            @NotNull OpsTaskTemplate.Kind kind, @NotNull OpsTaskTemplate.Priority priority,
            @NotBlank @Size(max = 120) String cron, @NotBlank @Size(max = 60) String timeZone,
            @NotNull @Min(1) @Max(44640) Integer dueAfterMinutes, @Size(max = 200) String assignee,
            @NotEmpty @Size(max = 50) List<@NotBlank @Size(max = 500) String> checklist,
            Boolean overnightIncidents) {
    }

    public record NotesRequest(@Size(max = 4000) String notes) {
    }

    @GET
    @Path("ops-task-templates")
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public Page<OpsTaskTemplate> templates(@Valid @BeanParam PageRequest page) {
        return tasks.templates(page);
    }

    @GET
    @Path("ops-task-templates/{id}")
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public OpsTaskTemplate template(@PathParam("id") String id) {
        return tasks.template(id);
    }

    @POST
    @Path("ops-task-templates")
    @RolesAllowed(Roles.SUPERVISOR)
    public Response createTemplate(@Valid @NotNull TemplateRequest request) {
        return Response.status(Response.Status.CREATED).entity(tasks.createTemplate(request)).build();
    }

    @POST
    @Path("ops-task-templates/{id}/deactivate")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.SUPERVISOR)
    public OpsTaskTemplate deactivate(@PathParam("id") String id) {
        return tasks.setActive(id, false);
    }

    @POST
    @Path("ops-task-templates/{id}/activate")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.SUPERVISOR)
    public OpsTaskTemplate activate(@PathParam("id") String id) {
        return tasks.setActive(id, true);
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
            @Valid NotesRequest request) {
        return tasks.completeItem(id, index, request == null ? null : request.notes(), Instant.now());
    }

    @POST
    @Path("ops-tasks/{id}/complete")
    @RolesAllowed(Roles.SUPERVISOR)
    public TaskView complete(@PathParam("id") String id, @Valid NotesRequest request) {
        return tasks.complete(id, request == null ? null : request.notes(), Instant.now());
    }
}
