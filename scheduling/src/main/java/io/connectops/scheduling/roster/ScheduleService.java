package io.connectops.scheduling.roster;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.SchedulePublished;
import io.connectops.contracts.Topics;
import io.connectops.platform.outbox.Outbox;
import io.connectops.platform.problem.ProblemException;
import io.connectops.platform.rest.Page;
import io.connectops.platform.rest.PageRequest;
import io.connectops.platform.security.CurrentActor;
import io.connectops.scheduling.common.Ids;
import io.connectops.scheduling.common.SchedulingEvents;
import io.connectops.scheduling.common.TimeBounds;
import io.connectops.scheduling.config.SchedulingConfig;
import io.connectops.scheduling.forecast.Forecast;
import io.connectops.scheduling.people.Agent;
import io.connectops.scheduling.people.PeopleService;
import io.connectops.scheduling.people.ShiftProfileEntity;
import io.connectops.scheduling.people.StaffRulesEntity;
import io.connectops.scheduling.people.StaffingGroup;
import io.connectops.scheduling.people.TimeOffEntry;
import io.connectops.scheduling.staffing.ComputeBudget;
import io.connectops.scheduling.staffing.QueueLoad;
import io.connectops.scheduling.staffing.StaffingCalculator;
import io.connectops.scheduling.staffing.StaffingLimitException;
import io.connectops.scheduling.staffing.StaffingService;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

/**
 * Generates schedules in the background: the request stores a SOLVING schedule and returns at once; the solver
 * runs on a managed thread after commit and stores the best schedule as a DRAFT. Progress (the best score so far)
 * is kept in memory by the instance that solves.
 */
@ApplicationScoped
public class ScheduleService {

    private static final Logger LOG = Logger.getLogger(ScheduleService.class);
    /** The advisory lock under which solve slots are counted (any constant unique in the schema's database). */
    private static final long SOLVE_SLOTS_LOCK = 0x5c4ed01eL;

    @Inject
    SchedulingConfig config;

    @Inject
    ManagedExecutor executor;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    CurrentActor currentActor;

    @Inject
    Outbox outbox;

    @Inject
    PeopleService people;

    @Inject
    EntityManager entityManager;

    private final Map<UUID, String> bestScores = new ConcurrentHashMap<>();

    public record IntervalCoverage(Instant start, int required, int scheduled) {
    }

    public record ScheduleView(UUID id, UUID groupId, LocalDate from, int days, Schedule.Status status,
            String score, Boolean feasible, Double coverage, PreferenceReport preferences,
            List<String> hardRuleViolations, String failure,
            Instant createdAt, Instant solvedAt, String publishedBy, Instant publishedAt, List<String> allowedActions,
            List<IntervalCoverage> intervals, List<ScheduledShift> shifts) {
    }

    @Transactional
    public ScheduleView generate(ScheduleDraft request) {
        TimeBounds.check("from", request.from());
        for (int i = 0; request.requirement() != null && i < request.requirement().size(); i++) {
            TimeBounds.check("requirement[" + i + "].start", request.requirement().get(i).start());
        }
        StaffingGroup group = people.group(request.groupId());
        int limit = request.timeLimitSeconds() == null ? (int) config.defaultSolveTime().toSeconds()
                : request.timeLimitSeconds();
        if (limit > config.maxSolveTime().toSeconds()) {
            throw ProblemException.invalid("timeLimitSeconds", "must be at most " + config.maxSolveTime().toSeconds());
        }
        takeSolveSlot();
        Schedule schedule = new Schedule();
        schedule.id = UUID.randomUUID();
        schedule.groupId = group.id;
        schedule.fromDate = request.from();
        schedule.days = request.days();
        schedule.status = Schedule.Status.SOLVING;
        schedule.timeLimitSeconds = limit;
        schedule.requirement = requirement(group, request);
        schedule.createdBy = currentActor.get().id();
        schedule.createdAt = Instant.now();
        schedule.persist();
        UUID id = schedule.id;
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    executor.runAsync(() -> solve(id));
                }
            }
        });
        return view(schedule, true);
    }

    /**
     * Refuses a solve beyond {@code max-concurrent-solves}, counted over every instance. The count is taken under a
     * transaction-scoped advisory lock, so that two requests racing for the last slot cannot both take it; the lock
     * is released when the new SOLVING row commits. A row older than the longest possible solve is abandoned and
     * does not hold a slot.
     */
    private void takeSolveSlot() {
        entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(?1)").setParameter(1, SOLVE_SLOTS_LOCK)
                .getSingleResult();
        Instant abandonedBefore = Instant.now().minus(config.maxSolveTime()).minus(config.solveGrace());
        long solving = Schedule.count("status = ?1 and createdAt > ?2", Schedule.Status.SOLVING, abandonedBefore);
        if (solving >= config.maxConcurrentSolves()) {
            throw new ProblemException(Response.Status.TOO_MANY_REQUESTS, "Too many solves",
                    solving + " schedules are being solved, the most at once; try again when one has finished",
                    null, null);
        }
    }

    /**
     * Fails every schedule still SOLVING past its time limit and the grace: its solver's instance died (a live
     * solver stops at its time limit). Each is claimed with a conditional update, so that a solver finishing at the
     * same moment and this job do not both write; returns how many this call failed.
     */
    @Transactional
    public int failAbandoned(Instant now) {
        int failed = 0;
        for (Schedule schedule : Schedule.<Schedule>list("status", Schedule.Status.SOLVING)) {
            Instant deadline = schedule.createdAt.plusSeconds(schedule.timeLimitSeconds).plus(config.solveGrace());
            if (now.isAfter(deadline)) {
                failed += Schedule.update("status = ?1, failure = ?2, solvedAt = ?3 where id = ?4 and status = ?5",
                        Schedule.Status.FAILED, "abandoned: not solved by " + deadline
                                + " (its time limit and grace); the instance solving it stopped. Generate it again.",
                        now, schedule.id, Schedule.Status.SOLVING);
            }
        }
        if (failed > 0) {
            LOG.warnf("%d abandoned solve(s) failed", failed);
        }
        return failed;
    }

    private List<Schedule.Requirement> requirement(StaffingGroup group, ScheduleDraft request) {
        int intervalSeconds = group.intervalMinutes * 60;
        if (request.requirement() != null && !request.requirement().isEmpty()) {
            List<Schedule.Requirement> requirement = new ArrayList<>();
            for (int i = 0; i < request.requirement().size(); i++) {
                RequirementEntry entry = request.requirement().get(i);
                if (entry.start().getEpochSecond() % intervalSeconds != 0) {
                    throw ProblemException.invalid("requirement[" + i + "].start",
                            "must be aligned on the group's " + group.intervalMinutes + "-minute intervals");
                }
                requirement.add(new Schedule.Requirement(entry.start(), entry.agents(), null, null, null));
            }
            return requirement;
        }
        if (request.targetServiceLevel() == null || request.serviceLevelSeconds() == null) {
            throw ProblemException.invalid("requirement",
                    "give a requirement, or targetServiceLevel and serviceLevelSeconds to staff the forecast");
        }
        // Pool the queues: contacts add up, handle time is contact-weighted.
        Map<Instant, double[]> pooled = new HashMap<>();
        for (String queueId : group.queueIds) {
            Forecast forecast = Forecast.<Forecast>find("queueId = ?1 and intervalSeconds = ?2",
                    Sort.by("createdAt").descending(), queueId, intervalSeconds).firstResult();
            if (forecast == null) {
                throw ProblemException.conflict("queue " + queueId + " has no " + group.intervalMinutes
                        + "-minute forecast; create one first");
            }
            for (int i = 0; i < forecast.contacts.length; i++) {
                double[] sums = pooled.computeIfAbsent(forecast.intervalStart(i), s -> new double[2]);
                sums[0] += forecast.contacts[i];
                sums[1] += forecast.contacts[i] * forecast.ahtSeconds[i];
            }
        }
        double maxOccupancy = request.maxOccupancy() == null ? 1.0 : request.maxOccupancy();
        List<Schedule.Requirement> requirement = new ArrayList<>();
        // The forecasts' loads are staffed under the same bounds as a staffing request's, in one budget.
        ComputeBudget budget = ComputeBudget.perRequest();
        pooled.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            double contacts = entry.getValue()[0];
            int agents = 0;
            double aht = contacts > 0 ? Math.max(1.0, entry.getValue()[1] / contacts) : 1.0;
            if (contacts > 0) {
                QueueLoad load = new QueueLoad(contacts, intervalSeconds, aht, request.serviceLevelSeconds());
                StaffingService.checkTraffic(load, "groupId");
                try {
                    agents = StaffingCalculator.required(load, request.targetServiceLevel(), maxOccupancy, 0.0, null,
                            budget).performance().agents();
                } catch (StaffingLimitException e) {
                    throw ProblemException.invalid("groupId", "staffing the forecasts of the group's queues: "
                            + e.getMessage());
                }
            }
            requirement.add(new Schedule.Requirement(entry.getKey(), agents, contacts, aht,
                    request.serviceLevelSeconds()));
        });
        return requirement;
    }

    /** Runs on a worker thread; every outcome, including a crash, leaves the schedule out of SOLVING. */
    void solve(UUID scheduleId) {
        try {
            RosterBuilder.Problem problem = QuarkusTransaction.requiringNew().call(() -> problemOf(scheduleId));
            Schedule limits = QuarkusTransaction.requiringNew().call(() -> Schedule.findById(scheduleId));
            RosterBuilder.DemandFactory demands = demandFactory(limits);
            Roster solved = RosterSolver.solve(RosterBuilder.build(problem, demands),
                    Duration.ofSeconds(limits.timeLimitSeconds),
                    best -> bestScores.put(scheduleId, String.valueOf(best.getScore())));
            List<ScheduledShift> shifts = ScheduledShift.of(solved);
            List<String> violations = HardRuleCheck.violations(problem, shifts);
            CoverageReport coverage = coverageOf(problem, shifts);
            PreferenceReport preferences = PreferenceReport.of(problem, shifts);
            QuarkusTransaction.requiringNew().run(() -> {
                Schedule schedule = stillSolving(scheduleId);
                if (schedule == null) {
                    return;
                }
                schedule.shifts = shifts;
                schedule.score = String.valueOf(solved.getScore());
                schedule.feasible = violations.isEmpty() && solved.getScore().isFeasible();
                schedule.coverage = coverage.coverage();
                schedule.preferenceReport = preferences;
                schedule.status = Schedule.Status.DRAFT;
                schedule.solvedAt = Instant.now();
            });
        } catch (RuntimeException e) {
            LOG.errorf(e, "Solving schedule %s failed", scheduleId);
            QuarkusTransaction.requiringNew().run(() -> {
                Schedule schedule = stillSolving(scheduleId);
                if (schedule == null) {
                    return;
                }
                schedule.status = Schedule.Status.FAILED;
                schedule.failure = e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage());
                schedule.solvedAt = Instant.now();
            });
        } finally {
            bestScores.remove(scheduleId);
        }
    }

    /**
     * The schedule, locked, while it is still SOLVING; null once the abandoned-solve job has failed it (this solver
     * overran its deadline), so that a late result never overwrites FAILED.
     */
    private Schedule stillSolving(UUID scheduleId) {
        Schedule schedule = Schedule.findById(scheduleId, LockModeType.PESSIMISTIC_WRITE);
        if (schedule.status != Schedule.Status.SOLVING) {
            LOG.warnf("Schedule %s is %s before its solver finished; the result is dropped", scheduleId,
                    schedule.status);
            return null;
        }
        return schedule;
    }

    /** Shortages weighed by Erlang C where the requirement carries the forecast load, quadratically elsewhere. */
    private static RosterBuilder.DemandFactory demandFactory(Schedule schedule) {
        Map<Instant, Schedule.Requirement> byStart = new HashMap<>();
        schedule.requirement.forEach(r -> byStart.put(r.start(), r));
        long intervalSeconds = schedule.requirement.size() < 2 ? 1800
                : Math.abs(schedule.requirement.get(1).start().getEpochSecond()
                        - schedule.requirement.get(0).start().getEpochSecond());
        return (index, start, required) -> {
            Schedule.Requirement entry = byStart.get(start);
            if (entry == null || entry.contacts() == null || entry.contacts() <= 0 || required == 0) {
                return IntervalDemand.quadratic(index, start, required);
            }
            QueueLoad load = new QueueLoad(entry.contacts(), (int) intervalSeconds, entry.ahtSeconds(),
                    entry.serviceLevelSeconds());
            return IntervalDemand.serviceLevelWeighted(index, start, required, load);
        };
    }

    RosterBuilder.Problem problemOf(UUID scheduleId) {
        Schedule schedule = Schedule.findById(scheduleId);
        StaffingGroup group = StaffingGroup.findById(schedule.groupId);
        ShiftProfileEntity profile = ShiftProfileEntity.findById(group.shiftProfileId);
        StaffRulesEntity rules = StaffRulesEntity.findById(group.staffRulesId);
        Instant from = schedule.fromDate.atStartOfDay(ZoneId.of(profile.timeZone)).toInstant();
        Instant to = schedule.fromDate.plusDays(schedule.days).atStartOfDay(ZoneId.of(profile.timeZone)).toInstant();
        List<Agent> agents = Agent.list("groupId = ?1 and active = true", Sort.by("connectId"), group.id);
        List<RosterAgent> rosterAgents = new ArrayList<>();
        for (int i = 0; i < agents.size(); i++) {
            Agent agent = agents.get(i);
            List<TimeOff> timeOff = TimeOffEntry.<TimeOffEntry>list("agentId = ?1 and endsAt > ?2 and startsAt < ?3",
                    agent.id, from, to).stream().map(t -> new TimeOff(t.startsAt, t.endsAt)).toList();
            rosterAgents.add(new RosterAgent(agent.id.toString(), agent.skills, timeOff, i, agent.preferences));
        }
        Map<Instant, Integer> requirement = new HashMap<>();
        schedule.requirement.forEach(r -> requirement.put(r.start(), r.agents()));
        return new RosterBuilder.Problem(schedule.fromDate, schedule.days, group.intervalMinutes, profile.toProfile(),
                rules.toRules(), Set.copyOf(group.requiredSkills), rosterAgents, requirement, group.minProficiency);
    }

    private static CoverageReport coverageOf(RosterBuilder.Problem problem, List<ScheduledShift> shifts) {
        Instant from = problem.from().atStartOfDay(problem.profile().zone()).toInstant();
        Instant to = problem.from().plusDays(problem.days()).atStartOfDay(problem.profile().zone()).toInstant();
        return CoverageReport.of(problem.requirement(), from, to, problem.intervalMinutes(), shifts);
    }

    @Transactional
    public ScheduleView publish(String id) {
        Schedule schedule = find(id, true);
        // Claimed with a conditional update: of two requests racing to publish, one wins and the other gets 409.
        int claimed = Schedule.update("status = ?1, publishedBy = ?2, publishedAt = ?3 where id = ?4 and status = ?5 "
                + "and feasible = true", Schedule.Status.PUBLISHED, currentActor.get().id(), Instant.now(),
                schedule.id, Schedule.Status.DRAFT);
        entityManager.refresh(schedule);
        if (claimed == 0 && schedule.status != Schedule.Status.DRAFT) {
            throw ProblemException.illegalTransition("schedule", schedule.status, "publish",
                    schedule.status.allowedActions());
        }
        if (claimed == 0) {
            throw ProblemException.conflict("schedule " + id + " breaks hard rules and cannot be published");
        }
        StaffingGroup group = StaffingGroup.findById(schedule.groupId);
        int agentCount = (int) schedule.shifts.stream().map(ScheduledShift::agentId).distinct().count();
        SchedulePublished event = new SchedulePublished(schedule.id.toString(), group.id.toString(), group.name,
                schedule.fromDate, schedule.fromDate.plusDays(schedule.days - 1L), agentCount,
                schedule.coverage == null ? 0.0 : schedule.coverage, schedule.publishedBy, schedule.publishedAt);
        outbox.publish(Topics.SCHEDULES, schedule.id.toString(),
                CloudEvent.of(SchedulingEvents.SOURCE, SchedulePublished.TYPE, schedule.id.toString(), event));
        return view(schedule, true);
    }

    @Transactional
    public ScheduleView view(String id, boolean supervisor, boolean withShifts) {
        Schedule schedule = find(id, supervisor);
        ScheduleView view = view(schedule, withShifts);
        return view;
    }

    @Transactional
    public Page<ScheduleView> list(String groupId, String status, boolean supervisor, PageRequest page) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (groupId != null) {
            query.append(" and groupId = :groupId");
            parameters.and("groupId", Ids.inPath("staffing group", groupId));
        }
        if (!supervisor) {
            query.append(" and status = :published");
            parameters.and("published", Schedule.Status.PUBLISHED);
        } else if (status != null) {
            try {
                parameters.and("status", Schedule.Status.valueOf(status));
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid("status", "must be one of SOLVING, DRAFT, PUBLISHED, FAILED");
            }
            query.append(" and status = :status");
        }
        PanacheQuery<Schedule> found = Schedule.find(query.toString(), Sort.by("createdAt").descending(), parameters);
        List<ScheduleView> items = found.page(page.page(), page.size()).list().stream()
                .map(s -> view(s, false)).toList();
        return new Page<>(items, page.page(), page.size(), found.count());
    }

    /** Published schedules of a group that cover an instant's day, newest first: what adherence compares against. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Schedule> publishedCovering(UUID groupId, LocalDate date) {
        return Schedule.list("groupId = ?1 and status = ?2 and fromDate <= ?3", Sort.by("publishedAt").descending(),
                groupId, Schedule.Status.PUBLISHED, date).stream()
                .map(s -> (Schedule) s)
                .filter(s -> !s.fromDate.plusDays(s.days).isBefore(date))
                .toList();
    }

    private Schedule find(String id, boolean supervisor) {
        Schedule schedule = Schedule.findById(Ids.inPath("schedule", id));
        // A draft is not there for viewers at all, as in Amazon Connect.
        if (schedule == null || (!supervisor && schedule.status != Schedule.Status.PUBLISHED)) {
            throw ProblemException.notFound("schedule", id);
        }
        return schedule;
    }

    private ScheduleView view(Schedule schedule, boolean withShifts) {
        List<IntervalCoverage> intervals = null;
        List<String> violations = null;
        if (withShifts && schedule.shifts != null) {
            Map<Instant, Integer> requirement = new HashMap<>();
            schedule.requirement.forEach(r -> requirement.put(r.start(), r.agents()));
            Instant from = schedule.requirement.stream().map(Schedule.Requirement::start).min(Instant::compareTo)
                    .orElse(Instant.EPOCH);
            Instant to = schedule.requirement.stream().map(Schedule.Requirement::start).max(Instant::compareTo)
                    .orElse(Instant.EPOCH).plusSeconds(1);
            StaffingGroup group = StaffingGroup.findById(schedule.groupId);
            intervals = CoverageReport.of(requirement, from, to, group.intervalMinutes, schedule.shifts).intervals()
                    .stream().map(i -> new IntervalCoverage(i.start(), i.required(), i.scheduled())).toList();
            if (schedule.status != Schedule.Status.PUBLISHED) {
                violations = HardRuleCheck.violations(problemOf(schedule.id), schedule.shifts);
            }
        }
        String score = schedule.status == Schedule.Status.SOLVING ? bestScores.get(schedule.id) : schedule.score;
        return new ScheduleView(schedule.id, schedule.groupId, schedule.fromDate, schedule.days, schedule.status,
                score, schedule.feasible, schedule.coverage, schedule.preferenceReport, violations, schedule.failure,
                schedule.createdAt,
                schedule.solvedAt, schedule.publishedBy, schedule.publishedAt, schedule.status.allowedActions(),
                intervals, withShifts ? schedule.shifts : null);
    }
}
