package io.connectops.incidents.rest;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.connectops.contracts.Severity;
import io.connectops.incidents.domain.IncidentStatus;
import io.connectops.incidents.domain.TimelineEntry;
import io.connectops.incidents.service.IncidentCommands;
import io.connectops.incidents.service.IncidentMerge;
import io.connectops.incidents.service.IncidentService;
import io.connectops.incidents.service.Timeline;
import io.connectops.platform.problem.ProblemException;
import io.connectops.platform.rest.Page;
import io.connectops.platform.rest.PageRequest;
import io.connectops.platform.security.CurrentActor;
import io.connectops.platform.security.Roles;

/** Incidents: open by hand, find, move through the lifecycle (one action endpoint per step), document. */
@Path("/api/v1/incidents")
@Produces(MediaType.APPLICATION_JSON)
public class IncidentResource {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    @Inject
    IncidentService incidents;

    @Inject
    IncidentViewCache views;

    @Inject
    IncidentMerge merges;

    @Inject
    Timeline timeline;

    @Inject
    CurrentActor actor;

    /**
     * Opens an incident: 201 with its location, or 200 with the incident a previous request with the same
     * idempotency key (header {@code Idempotency-Key} or field {@code idempotencyKey}) opened.
     */
    @POST
    @RolesAllowed(Roles.INCIDENT_MANAGER)
    public Response open(@HeaderParam(IDEMPOTENCY_KEY) String headerKey,
            @Valid @NotNull IncidentCommands.Open command) {
        IncidentCommands.Open withKey = command;
        if (headerKey != null && !headerKey.isBlank()) {
            if (headerKey.length() > 200) {
                throw ProblemException.invalid(IDEMPOTENCY_KEY, "must be at most 200 characters");
            }
            withKey = new IncidentCommands.Open(command.title(), command.description(), command.severity(),
                    command.impact(), command.queues(), command.services(), headerKey);
        }
        IncidentService.Opened opened = incidents.open(withKey, actor.get());
        IncidentView view = IncidentView.of(opened.incident());
        if (opened.replayed()) {
            return Response.ok(view).build();
        }
        return Response.created(URI.create("/api/v1/incidents/" + view.id())).entity(view).build();
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.INCIDENT_MANAGER})
    public Page<RenderedIncidentView> list(@Valid @BeanParam PageRequest page,
            @QueryParam("status") List<String> statuses,
            @QueryParam("severity") List<String> severities,
            @QueryParam("queue") String queue,
            @QueryParam("createdFrom") String createdFrom,
            @QueryParam("createdTo") String createdTo,
            @QueryParam("q") String text) {
        return views.page(new IncidentCommands.Filter(QueryParams.enums("status", statuses, IncidentStatus.class),
                QueryParams.enums("severity", severities, Severity.class), queue,
                QueryParams.instant("createdFrom", createdFrom), QueryParams.instant("createdTo", createdTo), text),
                page.page(), page.size());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.VIEWER, Roles.INCIDENT_MANAGER})
    public IncidentView get(@PathParam("id") UUID id) {
        return IncidentView.of(incidents.read(id));
    }

    /**
     * Takes the incident on: records who and when, stops the acknowledgement escalation, ends MTTA. Idempotent: an
     * incident already acknowledged is returned as it is, with its first acknowledgement.
     */
    @POST
    @Path("/{id}/acknowledge")
    @RolesAllowed(Roles.INCIDENT_MANAGER)
    public IncidentView acknowledge(@PathParam("id") UUID id) {
        return IncidentView.of(incidents.acknowledge(id, actor.get()).incident());
    }

    @POST
    @Path("/{id}/assess")
    @RolesAllowed(Roles.INCIDENT_MANAGER)
    public IncidentView assess(@PathParam("id") UUID id, @Valid @NotNull IncidentCommands.Assess command) {
        return IncidentView.of(incidents.assess(id, command, actor.get()));
    }

    @POST
    @Path("/{id}/mitigate")
    @RolesAllowed(Roles.INCIDENT_MANAGER)
    public IncidentView mitigate(@PathParam("id") UUID id, @Valid @NotNull IncidentCommands.Mitigate command) {
        return IncidentView.of(incidents.mitigate(id, command, actor.get()));
    }

    @POST
    @Path("/{id}/resolve")
    @RolesAllowed(Roles.INCIDENT_MANAGER)
    public IncidentView resolve(@PathParam("id") UUID id, @Valid @NotNull IncidentCommands.Resolve command) {
        return IncidentView.of(incidents.resolve(id, command, actor.get()));
    }

    @POST
    @Path("/{id}/start-review")
    @RolesAllowed(Roles.INCIDENT_MANAGER)
    public IncidentView startReview(@PathParam("id") UUID id, @Valid IncidentCommands.OptionalNote command) {
        return IncidentView.of(incidents.startReview(id, command, actor.get()));
    }

    @POST
    @Path("/{id}/close")
    @RolesAllowed(Roles.INCIDENT_MANAGER)
    public IncidentView close(@PathParam("id") UUID id, @Valid IncidentCommands.OptionalNote command) {
        return IncidentView.of(incidents.close(id, command, actor.get()));
    }

    @POST
    @Path("/{id}/cancel")
    @RolesAllowed(Roles.INCIDENT_MANAGER)
    public IncidentView cancel(@PathParam("id") UUID id, @Valid @NotNull IncidentCommands.Reason command) {
        return IncidentView.of(incidents.cancel(id, command, actor.get()));
    }

    @POST
    @Path("/{id}/reopen")
    @RolesAllowed(Roles.INCIDENT_MANAGER)
    public IncidentView reopen(@PathParam("id") UUID id, @Valid @NotNull IncidentCommands.Reason command) {
        return IncidentView.of(incidents.reopen(id, command, actor.get()));
    }

    @POST
    @Path("/{id}/severity")
    @RolesAllowed(Roles.INCIDENT_MANAGER)
    public IncidentView changeSeverity(@PathParam("id") UUID id,
            @Valid @NotNull IncidentCommands.ChangeSeverity command) {
        return IncidentView.of(incidents.changeSeverity(id, command, actor.get()));
    }

    /**
     * Merges a duplicate into this incident: the duplicate's alerts attach here, it is cancelled with a pointer to
     * this incident, and both timelines record the merge.
     */
    @POST
    @Path("/{id}/merge")
    @RolesAllowed(Roles.INCIDENT_MANAGER)
    public IncidentView merge(@PathParam("id") UUID id, @Valid @NotNull IncidentCommands.Merge command) {
        return IncidentView.of(merges.merge(id, command, actor.get()));
    }

    @POST
    @Path("/{id}/notes")
    @RolesAllowed(Roles.INCIDENT_MANAGER)
    public Response addNote(@PathParam("id") UUID id, @Valid @NotNull IncidentCommands.Note command) {
        incidents.addNote(id, command, actor.get());
        return Response.status(Response.Status.CREATED).build();
    }

    /** A status update for stakeholders: on the timeline and published for notifications. */
    @POST
    @Path("/{id}/updates")
    @RolesAllowed(Roles.INCIDENT_MANAGER)
    public Response postUpdate(@PathParam("id") UUID id, @Valid @NotNull IncidentCommands.StatusUpdate command) {
        incidents.postUpdate(id, command, actor.get());
        return Response.status(Response.Status.CREATED).build();
    }

    @GET
    @Path("/{id}/timeline")
    @RolesAllowed({Roles.VIEWER, Roles.INCIDENT_MANAGER})
    public Page<TimelineView> timeline(@PathParam("id") UUID id, @Valid @BeanParam PageRequest page,
            @QueryParam("kind") String kind) {
        Page<TimelineEntry> entries = timeline.of(id, QueryParams.oneEnum("kind", kind, TimelineEntry.Kind.class),
                page.page(), page.size());
        // Every incident has its OPENED entry, so only an empty answer needs to know whether the incident exists.
        if (entries.total() == 0) {
            incidents.get(id);
        }
        return entries.map(TimelineView::of);
    }
}
