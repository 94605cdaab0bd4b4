package io.connectops.scheduling.people;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.connectops.platform.problem.ProblemException;
import io.connectops.platform.rest.Page;
import io.connectops.platform.rest.PageRequest;
import io.connectops.scheduling.common.Ids;
import io.connectops.scheduling.common.Pages;
import io.connectops.scheduling.common.TimeBounds;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class PeopleService {

    @Transactional
    public Page<AgentView> agents(String groupId, String skill, PageRequest page) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (groupId != null) {
            query.append(" and groupId = :groupId");
            parameters.and("groupId", Ids.inPath("staffing group", groupId));
        }
        PanacheQuery<Agent> found = Agent.find(query.toString(), Sort.by("name").and("id"), parameters);
        if (skill != null) {
            // Skills are a small JSON map per agent; filtering in memory keeps the query portable.
            List<Agent> withSkill = found.list().stream().filter(a -> a.skills.containsKey(skill)).toList();
            return new Page<>(Pages.slice(withSkill, page).stream().map(AgentView::of).toList(), page.page(), page.size(),
                    withSkill.size());
        }
        return new Page<>(found.page(page.page(), page.size()).list().stream().map(AgentView::of).toList(), page.page(),
                page.size(), found.count());
    }

    @Transactional
    public AgentView agentView(String id) {
        return AgentView.of(agent(id));
    }

    private Agent agent(String id) {
        Agent agent = Agent.findById(Ids.inPath("agent", id));
        if (agent == null) {
            throw ProblemException.notFound("agent", id);
        }
        return agent;
    }

    @Transactional
    public AgentView createAgent(AgentDraft request) {
        if (Agent.count("connectId", request.connectId()) > 0) {
            throw ProblemException.conflict("an agent with Connect id " + request.connectId() + " exists already");
        }
        Agent agent = new Agent();
        agent.id = UUID.randomUUID();
        agent.createdAt = Instant.now();
        apply(agent, request);
        agent.persist();
        return AgentView.of(agent);
    }

    @Transactional
    public AgentView updateAgent(String id, AgentDraft request) {
        Agent agent = agent(id);
        if (!agent.connectId.equals(request.connectId())
                && Agent.count("connectId", request.connectId()) > 0) {
            throw ProblemException.conflict("an agent with Connect id " + request.connectId() + " exists already");
        }
        apply(agent, request);
        return AgentView.of(agent);
    }

    private void apply(Agent agent, AgentDraft request) {
        agent.connectId = request.connectId();
        agent.name = request.name();
        agent.skills = new TreeMap<>(request.skills());
        agent.active = request.active() == null || request.active();
        if (request.groupId() != null) {
            UUID groupId = Ids.inBody("groupId", request.groupId());
            if (StaffingGroup.findById(groupId) == null) {
                throw ProblemException.invalid("groupId", "staffing group " + request.groupId() + " does not exist");
            }
            agent.groupId = groupId;
        } else {
            agent.groupId = null;
        }
    }

    @Transactional
    public List<TimeOffView> timeOff(String agentId) {
        Agent agent = agent(agentId);
        return TimeOffEntry.<TimeOffEntry>list("agentId", Sort.by("startsAt"), agent.id).stream().map(TimeOffView::of)
                .toList();
    }

    @Transactional
    public TimeOffView addTimeOff(String agentId, TimeOffDraft request) {
        Agent agent = agent(agentId);
        TimeBounds.check("startsAt", request.startsAt());
        TimeBounds.check("endsAt", request.endsAt());
        if (!request.endsAt().isAfter(request.startsAt())) {
            throw ProblemException.invalid("endsAt", "must be after startsAt");
        }
        TimeOffEntry entry = new TimeOffEntry();
        entry.id = UUID.randomUUID();
        entry.agentId = agent.id;
        entry.startsAt = request.startsAt();
        entry.endsAt = request.endsAt();
        entry.reason = request.reason();
        entry.createdAt = Instant.now();
        entry.persist();
        return TimeOffView.of(entry);
    }

    @Transactional
    public AgentView setPreferences(String agentId, PreferencesDraft request) {
        Agent agent = agent(agentId);
        for (int i = 0; request.daysOff() != null && i < request.daysOff().size(); i++) {
            TimeBounds.check("daysOff[" + i + "]", request.daysOff().get(i));
        }
        for (int i = 0; request.preferredShifts() != null && i < request.preferredShifts().size(); i++) {
            checkWindow("preferredShifts[" + i + "]", request.preferredShifts().get(i));
        }
        for (int i = 0; request.unwantedShifts() != null && i < request.unwantedShifts().size(); i++) {
            checkWindow("unwantedShifts[" + i + "]", request.unwantedShifts().get(i));
        }
        agent.preferences = new ShiftPreferences(
                request.daysOff() == null ? Set.of() : Set.copyOf(request.daysOff()),
                windows(request.preferredShifts()), windows(request.unwantedShifts()),
                request.preferredStarts() == null ? Set.of() : Set.copyOf(request.preferredStarts()));
        return AgentView.of(agent);
    }

    private static void checkWindow(String field, PreferenceWindowDraft window) {
        if (!LocalTime.MIDNIGHT.equals(window.to()) && !window.to().isAfter(window.from())) {
            throw ProblemException.invalid(field + ".to", "must be after from (00:00 means the end of the day)");
        }
    }

    private static List<ShiftPreferences.Window> windows(List<PreferenceWindowDraft> requests) {
        return requests == null ? List.of() : requests.stream().map(PreferenceWindowDraft::toWindow).toList();
    }

    @Transactional
    public TimeOffView approveDayOff(String agentId, String day) {
        Agent agent = agent(agentId);
        LocalDate date;
        try {
            date = LocalDate.parse(day);
        } catch (DateTimeException e) {
            throw ProblemException.invalid("date", "must be an ISO date such as 2026-06-01");
        }
        TimeBounds.check("date", date);
        if (agent.preferences == null || !agent.preferences.dayOffRequested(date)) {
            throw ProblemException.conflict("agent " + agentId + " has not requested " + date + " off");
        }
        if (agent.groupId == null) {
            throw ProblemException.conflict("agent " + agentId + " is in no staffing group, so " + date
                    + " has no time zone");
        }
        StaffingGroup group = StaffingGroup.findById(agent.groupId);
        ShiftProfileEntity profile = ShiftProfileEntity.findById(group.shiftProfileId);
        ZoneId zone = ZoneId.of(profile.timeZone);
        Set<LocalDate> remaining = new HashSet<>(agent.preferences.daysOff());
        remaining.remove(date);
        agent.preferences = new ShiftPreferences(remaining, agent.preferences.preferred(),
                agent.preferences.unwanted(), agent.preferences.preferredStarts());
        TimeOffEntry entry = new TimeOffEntry();
        entry.id = UUID.randomUUID();
        entry.agentId = agent.id;
        entry.startsAt = date.atStartOfDay(zone).toInstant();
        entry.endsAt = date.plusDays(1).atStartOfDay(zone).toInstant();
        entry.reason = "day off approved";
        entry.createdAt = Instant.now();
        entry.persist();
        return TimeOffView.of(entry);
    }

    @Transactional
    public Page<ShiftProfileView> shiftProfiles(PageRequest page) {
        PanacheQuery<ShiftProfileEntity> query = ShiftProfileEntity.findAll(Sort.by("name"));
        return new Page<>(query.page(page.page(), page.size()).list().stream().map(ShiftProfileView::of).toList(),
                page.page(), page.size(), query.count());
    }

    @Transactional
    public ShiftProfileView createShiftProfile(ShiftProfileDraft request) {
        if (ShiftProfileEntity.count("name", request.name()) > 0) {
            throw ProblemException.conflict("a shift profile named " + request.name() + " exists already");
        }
        ShiftProfileEntity profile = new ShiftProfileEntity();
        profile.id = UUID.randomUUID();
        profile.name = request.name();
        profile.timeZone = zone(request.timeZone()).getId();
        profile.days = new ArrayList<>(new LinkedHashSet<>(request.days()));
        profile.earliestStart = request.earliestStart();
        profile.latestEnd = request.latestEnd();
        profile.lengthsMinutes = request.lengthsMinutes().stream().distinct().sorted().toList();
        profile.startStepMinutes = request.startStepMinutes();
        List<BreakRule> breaks = new ArrayList<>();
        for (int i = 0; i < request.breaks().size(); i++) {
            BreakDraft pause = request.breaks().get(i);
            if (pause.latestStartAfterMinutes() < pause.earliestStartAfterMinutes()) {
                throw ProblemException.invalid("breaks[" + i + "].latestStartAfterMinutes",
                        "must not be before earliestStartAfterMinutes");
            }
            breaks.add(pause.toRule());
        }
        profile.breaks = breaks;
        profile.breakVariants = request.breakVariants() == null ? 3 : request.breakVariants();
        profile.createdAt = Instant.now();
        try {
            profile.toProfile();
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("latestEnd", e.getMessage());
        }
        profile.persist();
        return ShiftProfileView.of(profile);
    }

    private static ZoneId zone(String timeZone) {
        try {
            return ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw ProblemException.invalid("timeZone", "is not a known time zone");
        }
    }

    @Transactional
    public Page<StaffRulesView> staffRules(PageRequest page) {
        PanacheQuery<StaffRulesEntity> query = StaffRulesEntity.findAll(Sort.by("name"));
        return new Page<>(query.page(page.page(), page.size()).list().stream().map(StaffRulesView::of).toList(),
                page.page(), page.size(), query.count());
    }

    @Transactional
    public StaffRulesView createStaffRules(StaffRulesDraft request) {
        if (request.maxMinutesPerDay() < request.minMinutesPerDay()) {
            throw ProblemException.invalid("maxMinutesPerDay", "must not be below minMinutesPerDay");
        }
        if (request.maxMinutesPerWeek() < request.minMinutesPerWeek()) {
            throw ProblemException.invalid("maxMinutesPerWeek", "must not be below minMinutesPerWeek");
        }
        if (StaffRulesEntity.count("name", request.name()) > 0) {
            throw ProblemException.conflict("staff rules named " + request.name() + " exist already");
        }
        StaffRulesEntity rules = new StaffRulesEntity();
        rules.id = UUID.randomUUID();
        rules.name = request.name();
        rules.minRestMinutes = request.minRestMinutes();
        rules.maxConsecutiveDays = request.maxConsecutiveDays();
        rules.minMinutesPerDay = request.minMinutesPerDay();
        rules.maxMinutesPerDay = request.maxMinutesPerDay();
        rules.minMinutesPerWeek = request.minMinutesPerWeek();
        rules.maxMinutesPerWeek = request.maxMinutesPerWeek();
        rules.maxMinutesWithoutBreak = request.maxMinutesWithoutBreak();
        rules.createdAt = Instant.now();
        rules.persist();
        return StaffRulesView.of(rules);
    }

    @Transactional
    public Page<StaffingGroupView> groups(PageRequest page) {
        PanacheQuery<StaffingGroup> query = StaffingGroup.findAll(Sort.by("name"));
        return new Page<>(query.page(page.page(), page.size()).list().stream().map(StaffingGroupView::of).toList(),
                page.page(), page.size(), query.count());
    }

    @Transactional
    public StaffingGroupView groupView(String id) {
        return StaffingGroupView.of(group(id));
    }

    @Transactional
    public StaffingGroup group(String id) {
        StaffingGroup group = StaffingGroup.findById(Ids.inPath("staffing group", id));
        if (group == null) {
            throw ProblemException.notFound("staffing group", id);
        }
        return group;
    }

    @Transactional
    public StaffingGroupView createGroup(StaffingGroupDraft request) {
        if (request.intervalMinutes() != 15 && request.intervalMinutes() != 30) {
            throw ProblemException.invalid("intervalMinutes", "must be 15 or 30");
        }
        UUID profileId = Ids.inBody("shiftProfileId", request.shiftProfileId());
        if (ShiftProfileEntity.findById(profileId) == null) {
            throw ProblemException.invalid("shiftProfileId", "shift profile " + profileId + " does not exist");
        }
        UUID rulesId = Ids.inBody("staffRulesId", request.staffRulesId());
        if (StaffRulesEntity.findById(rulesId) == null) {
            throw ProblemException.invalid("staffRulesId", "staff rules " + rulesId + " do not exist");
        }
        if (StaffingGroup.count("name", request.name()) > 0) {
            throw ProblemException.conflict("a staffing group named " + request.name() + " exists already");
        }
        StaffingGroup group = new StaffingGroup();
        group.id = UUID.randomUUID();
        group.name = request.name();
        group.instanceId = request.instanceId();
        group.requiredSkills = List.copyOf(new LinkedHashSet<>(request.requiredSkills()));
        group.queueIds = List.copyOf(new LinkedHashSet<>(request.queueIds()));
        group.shiftProfileId = profileId;
        group.staffRulesId = rulesId;
        group.intervalMinutes = request.intervalMinutes();
        group.minProficiency = request.minProficiency() == null ? Map.of() : Map.copyOf(request.minProficiency());
        group.createdAt = Instant.now();
        group.persist();
        return StaffingGroupView.of(group);
    }
}
