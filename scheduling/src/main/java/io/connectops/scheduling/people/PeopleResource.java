package io.connectops.scheduling.people;

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

/** Agents, time off, staffing groups, shift profiles and staff rules: supervisors write, viewers read. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PeopleResource {

    @Inject
    PeopleService people;

    @GET
    @Path("agents")
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public Page<AgentView> agents(@QueryParam("groupId") String groupId, @QueryParam("skill") String skill,
            @Valid @BeanParam PageRequest page) {
        return people.agents(groupId, skill, page);
    }

    @POST
    @Path("agents")
    @RolesAllowed(Roles.SUPERVISOR)
    public Response createAgent(@Valid @NotNull AgentDraft request) {
        return Response.status(Response.Status.CREATED).entity(people.createAgent(request)).build();
    }

    @GET
    @Path("agents/{id}")
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public AgentView agent(@PathParam("id") String id) {
        return people.agentView(id);
    }

    @PUT
    @Path("agents/{id}")
    @RolesAllowed(Roles.SUPERVISOR)
    public AgentView updateAgent(@PathParam("id") String id, @Valid @NotNull AgentDraft request) {
        return people.updateAgent(id, request);
    }

    @GET
    @Path("agents/{id}/time-off")
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public List<TimeOffView> timeOff(@PathParam("id") String id) {
        return people.timeOff(id);
    }

    @POST
    @Path("agents/{id}/time-off")
    @RolesAllowed(Roles.SUPERVISOR)
    public Response addTimeOff(@PathParam("id") String id, @Valid @NotNull TimeOffDraft request) {
        return Response.status(Response.Status.CREATED).entity(people.addTimeOff(id, request)).build();
    }

    @PUT
    @Path("agents/{id}/preferences")
    @RolesAllowed(Roles.SUPERVISOR)
    public AgentView setPreferences(@PathParam("id") String id, @Valid @NotNull PreferencesDraft request) {
        return people.setPreferences(id, request);
    }

    /** Turns a requested day off into time off for that whole day in the group's time zone: a hard rule from then on. */
    @POST
    @Path("agents/{id}/preferences/days-off/{date}/approve")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.SUPERVISOR)
    public TimeOffView approveDayOff(@PathParam("id") String id, @PathParam("date") String date) {
        return people.approveDayOff(id, date);
    }

    @GET
    @Path("shift-profiles")
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public Page<ShiftProfileView> shiftProfiles(@Valid @BeanParam PageRequest page) {
        return people.shiftProfiles(page);
    }

    @POST
    @Path("shift-profiles")
    @RolesAllowed(Roles.SUPERVISOR)
    public Response createShiftProfile(@Valid @NotNull ShiftProfileDraft request) {
        return Response.status(Response.Status.CREATED).entity(people.createShiftProfile(request)).build();
    }

    @GET
    @Path("staff-rules")
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public Page<StaffRulesView> staffRules(@Valid @BeanParam PageRequest page) {
        return people.staffRules(page);
    }

    @POST
    @Path("staff-rules")
    @RolesAllowed(Roles.SUPERVISOR)
    public Response createStaffRules(@Valid @NotNull StaffRulesDraft request) {
        return Response.status(Response.Status.CREATED).entity(people.createStaffRules(request)).build();
    }

    @GET
    @Path("staffing-groups")
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public Page<StaffingGroupView> staffingGroups(@Valid @BeanParam PageRequest page) {
        return people.groups(page);
    }

    @GET
    @Path("staffing-groups/{id}")
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public StaffingGroupView staffingGroup(@PathParam("id") String id) {
        return people.groupView(id);
    }

    @POST
    @Path("staffing-groups")
    @RolesAllowed(Roles.SUPERVISOR)
    public Response createStaffingGroup(@Valid @NotNull StaffingGroupDraft request) {
        return Response.status(Response.Status.CREATED).entity(people.createGroup(request)).build();
    }
}
