package io.connectops.scheduling.rest;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

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
import io.connectops.scheduling.domain.people.Agent;
import io.connectops.scheduling.domain.people.ShiftProfileEntity;
import io.connectops.scheduling.domain.people.StaffRulesEntity;
import io.connectops.scheduling.domain.people.StaffingGroup;
import io.connectops.scheduling.domain.people.TimeOffEntry;
import io.connectops.scheduling.domain.roster.BreakRule;
import io.connectops.scheduling.domain.roster.ShiftPreferences;
import io.connectops.scheduling.service.PeopleService;

/** Agents, time off, staffing groups, shift profiles and staff rules: supervisors write, viewers read. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PeopleResource {

    @Inject
    PeopleService people;

    public record AgentRequest(@NotBlank @Size(max = 200) String connectId, @NotBlank @Size(max = 200) String name,
            @Size(max = 100) String groupId,
            @NotNull @Size(max = 100) Map<@NotBlank @Size(max = 200) String, @NotNull @Min(1) @Max(5) Integer> skills,
            Boolean active) {
    }

    public record TimeOffRequest(@NotNull Instant startsAt, @NotNull Instant endsAt, @Size(max = 200) String reason) {
    }

    public record BreakRequest(@NotBlank @Size(max = 200) String name, @NotNull @Min(5) @Max(120) Integer durationMinutes,
            @NotNull @Min(0) @Max(1440) Integer earliestStartAfterMinutes,
            @NotNull @Min(0) @Max(1440) Integer latestStartAfterMinutes) {

        public BreakRule toRule() {
            return new BreakRule(name, durationMinutes, earliestStartAfterMinutes, latestStartAfterMinutes);
        }
    }

    public record ShiftProfileRequest(@NotBlank @Size(max = 200) String name, @NotBlank @Size(max = 60) String timeZone,
            @NotEmpty List<@NotNull DayOfWeek> days, @NotNull LocalTime earliestStart, @NotNull LocalTime latestEnd,
            @NotEmpty List<@NotNull @Min(60) @Max(720) Integer> lengthsMinutes,
            @NotNull @Min(5) @Max(240) Integer startStepMinutes,
            @NotNull @Size(max = 20) List<@Valid @NotNull BreakRequest> breaks,
            @Min(1) @Max(8) Integer breakVariants) {
    }

    public record StaffRulesRequest(@NotBlank @Size(max = 200) String name,
            @NotNull @Min(0) @Max(2880) Integer minRestMinutes, @NotNull @Min(1) @Max(14) Integer maxConsecutiveDays,
            @NotNull @Min(0) @Max(1440) Integer minMinutesPerDay, @NotNull @Min(0) @Max(1440) Integer maxMinutesPerDay,
            @NotNull @Min(0) @Max(10080) Integer minMinutesPerWeek,
            @NotNull @Min(0) @Max(10080) Integer maxMinutesPerWeek,
            @NotNull @Min(15) @Max(1440) Integer maxMinutesWithoutBreak) {
    }

    /** {@code instanceId} is {@code VARCHAR(200)}; skills and queues are kept as JSON, bounded all the same. */
    public record StaffingGroupRequest(@NotBlank @Size(max = 200) String name, @Size(max = 200) String instanceId,
            @NotNull @Size(max = 100) List<@NotBlank @Size(max = 200) String> requiredSkills,
            @NotNull @Size(max = 100) List<@NotBlank @Size(max = 200) String> queueIds,
            @NotNull @Size(max = 100) String shiftProfileId, @NotNull @Size(max = 100) String staffRulesId,
            @NotNull Integer intervalMinutes,
            @Size(max = 100) Map<@NotBlank @Size(max = 200) String, @NotNull @Min(1) @Max(5) Integer> minProficiency) {
    }

    /** A daily window in the group's time zone, on one weekday or every day ({@code day} absent). */
    public record WindowRequest(DayOfWeek day, @NotNull LocalTime from, @NotNull LocalTime to) {

        public ShiftPreferences.Window toWindow() {
            return new ShiftPreferences.Window(day, from, to);
        }
    }

    public record PreferencesRequest(@Size(max = 60) List<@NotNull LocalDate> daysOff,
            @Size(max = 20) List<@Valid @NotNull WindowRequest> preferredShifts,
            @Size(max = 20) List<@Valid @NotNull WindowRequest> unwantedShifts,
            @Size(max = 20) List<@NotNull LocalTime> preferredStarts) {
    }

    @GET
    @Path("agents")
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public Page<Agent> agents(@QueryParam("groupId") String groupId, @QueryParam("skill") String skill,
            @Valid @BeanParam PageRequest page) {
        return people.agents(groupId, skill, page);
    }

    @POST
    @Path("agents")
    @RolesAllowed(Roles.SUPERVISOR)
    public Response createAgent(@Valid @NotNull AgentRequest request) {
        return Response.status(Response.Status.CREATED).entity(people.createAgent(request)).build();
    }

    @GET
    @Path("agents/{id}")
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public Agent agent(@PathParam("id") String id) {
        return people.agent(id);
    }

    @PUT
    @Path("agents/{id}")
    @RolesAllowed(Roles.SUPERVISOR)
    public Agent updateAgent(@PathParam("id") String id, @Valid @NotNull AgentRequest request) {
        return people.updateAgent(id, request);
    }

    @GET
    @Path("agents/{id}/time-off")
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public List<TimeOffEntry> timeOff(@PathParam("id") String id) {
        return people.timeOff(id);
    }

    @POST
    @Path("agents/{id}/time-off")
    @RolesAllowed(Roles.SUPERVISOR)
    public Response addTimeOff(@PathParam("id") String id, @Valid @NotNull TimeOffRequest request) {
        return Response.status(Response.Status.CREATED).entity(people.addTimeOff(id, request)).build();
    }

    @PUT
    @Path("agents/{id}/preferences")
    @RolesAllowed(Roles.SUPERVISOR)
    public Agent setPreferences(@PathParam("id") String id, @Valid @NotNull PreferencesRequest request) {
        return people.setPreferences(id, request);
    }

    /** Turns a requested day off into time off for that whole day in the group's time zone: a hard rule from then on. */
    @POST
    @Path("agents/{id}/preferences/days-off/{date}/approve")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.SUPERVISOR)
    public TimeOffEntry approveDayOff(@PathParam("id") String id, @PathParam("date") String date) {
        return people.approveDayOff(id, date);
    }

    @GET
    @Path("shift-profiles")
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public Page<ShiftProfileEntity> shiftProfiles(@Valid @BeanParam PageRequest page) {
        return people.shiftProfiles(page);
    }

    @POST
    @Path("shift-profiles")
    @RolesAllowed(Roles.SUPERVISOR)
    public Response createShiftProfile(@Valid @NotNull ShiftProfileRequest request) {
        return Response.status(Response.Status.CREATED).entity(people.createShiftProfile(request)).build();
    }

    @GET
    @Path("staff-rules")
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public Page<StaffRulesEntity> staffRules(@Valid @BeanParam PageRequest page) {
        return people.staffRules(page);
    }

    @POST
    @Path("staff-rules")
    @RolesAllowed(Roles.SUPERVISOR)
    public Response createStaffRules(@Valid @NotNull StaffRulesRequest request) {
        return Response.status(Response.Status.CREATED).entity(people.createStaffRules(request)).build();
    }

    @GET
    @Path("staffing-groups")
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public Page<StaffingGroup> staffingGroups(@Valid @BeanParam PageRequest page) {
        return people.groups(page);
    }

    @GET
    @Path("staffing-groups/{id}")
    @RolesAllowed({Roles.VIEWER, Roles.SUPERVISOR})
    public StaffingGroup staffingGroup(@PathParam("id") String id) {
        return people.group(id);
    }

    @POST
    @Path("staffing-groups")
    @RolesAllowed(Roles.SUPERVISOR)
    public Response createStaffingGroup(@Valid @NotNull StaffingGroupRequest request) {
        return Response.status(Response.Status.CREATED).entity(people.createGroup(request)).build();
    }
}
