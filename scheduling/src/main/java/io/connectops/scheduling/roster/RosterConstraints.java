package io.connectops.scheduling.roster;

import static ai.timefold.solver.core.api.score.stream.ConstraintCollectors.count;
import static ai.timefold.solver.core.api.score.stream.ConstraintCollectors.loadBalance;
import static ai.timefold.solver.core.api.score.stream.ConstraintCollectors.sumLong;
import static ai.timefold.solver.core.api.score.stream.ConstraintCollectors.toConsecutiveSequences;

import java.util.function.Function;

import ai.timefold.solver.core.api.score.buildin.hardsoftlong.HardSoftLongScore;
import ai.timefold.solver.core.api.score.stream.Constraint;
import ai.timefold.solver.core.api.score.stream.ConstraintFactory;
import ai.timefold.solver.core.api.score.stream.ConstraintProvider;
import ai.timefold.solver.core.api.score.stream.Joiners;
import ai.timefold.solver.core.api.score.stream.bi.BiConstraintStream;
import ai.timefold.solver.core.api.score.stream.common.SequenceChain;
import io.connectops.scheduling.people.StaffRules;

/**
 * Hard: skills, time off, rest between shifts, consecutive working days, daily and weekly hours. One shift per day
 * and breaks inside their windows hold by construction (see {@link AgentDay}, {@link RosterBuilder}).
 * Soft: under-staffing weighted by its service-level cost, over-staffing, fair spread of hours, agents' preferences
 * (days off, unwanted and preferred shifts), and the more proficient agents first.
 *
 * <p>A preference weighs about a working day of one missing agent, and more than the hours-fairness a shift can buy,
 * so that a wish gives way to a real shortage but wins wherever the agents are to spare.
 *
 * <p>Hard weights are on the scale of the weekly-minimum penalty (minutes short) and above it, so that a greedy
 * construction never buys an hour of the weekly minimum with a sixth day in a row or a short rest.
 */
public class RosterConstraints implements ConstraintProvider {

    static final long OVERSTAFFING_COST = 20;
    static final long BROKEN_RULE = 2000;
    static final long DAY_OFF_WORKED = 1200;
    static final long UNWANTED_SHIFT = 800;
    static final long SHIFT_NOT_PREFERRED = 400;
    static final long PROFICIENCY_REWARD = 10;

    @Override
    public Constraint[] defineConstraints(ConstraintFactory factory) {
        return new Constraint[] {
                missingSkill(factory),
                timeOff(factory),
                restBetweenShifts(factory),
                consecutiveDays(factory),
                hoursPerDay(factory),
                maxHoursPerWeek(factory),
                minHoursPerWeek(factory),
                understaffing(factory),
                overstaffing(factory),
                fairness(factory),
                requestedDayOff(factory),
                unwantedShift(factory),
                shiftNotPreferred(factory),
                proficiency(factory)
        };
    }

    Constraint missingSkill(ConstraintFactory factory) {
        return factory.forEach(AgentDay.class)
                .filter(day -> day.isWorking() && !day.getAgent().hasSkills(day.getShift().getRequiredSkills()))
                .penalize(HardSoftLongScore.ofHard(BROKEN_RULE))
                .asConstraint("Missing skill");
    }

    Constraint timeOff(ConstraintFactory factory) {
        return factory.forEach(AgentDay.class)
                .filter(day -> day.isWorking()
                        && !day.getAgent().availableFor(day.getShift().getStart(), day.getShift().getEnd()))
                .penalize(HardSoftLongScore.ofHard(BROKEN_RULE))
                .asConstraint("Time off");
    }

    Constraint restBetweenShifts(ConstraintFactory factory) {
        return factory.forEach(AgentDay.class)
                .join(AgentDay.class, Joiners.equal(AgentDay::getAgent),
                        Joiners.lessThan(AgentDay::getDayIndex))
                .join(StaffRules.class)
                .filter((first, second, rules) -> restMinutes(first, second) < rules.minRestMinutes())
                .penalizeLong(HardSoftLongScore.ONE_HARD,
                        (first, second, rules) -> BROKEN_RULE + rules.minRestMinutes() - restMinutes(first, second))
                .asConstraint("Rest between shifts");
    }

    static long restMinutes(AgentDay first, AgentDay second) {
        return (second.getShift().getStart().getEpochSecond() - first.getShift().getEnd().getEpochSecond()) / 60;
    }

    Constraint consecutiveDays(ConstraintFactory factory) {
        return factory.forEach(AgentDay.class)
                .groupBy(AgentDay::getAgent, toConsecutiveSequences(AgentDay::getDayIndex))
                .flattenLast(SequenceChain::getConsecutiveSequences)
                .join(StaffRules.class)
                .filter((agent, run, rules) -> run.getCount() > rules.maxConsecutiveDays())
                .penalizeLong(HardSoftLongScore.ofHard(BROKEN_RULE),
                        (agent, run, rules) -> run.getCount() - rules.maxConsecutiveDays())
                .asConstraint("Consecutive working days");
    }

    Constraint hoursPerDay(ConstraintFactory factory) {
        return factory.forEach(AgentDay.class)
                .join(StaffRules.class)
                .filter((day, rules) -> day.workedMinutes() < rules.minMinutesPerDay()
                        || day.workedMinutes() > rules.maxMinutesPerDay())
                .penalize(HardSoftLongScore.ofHard(BROKEN_RULE))
                .asConstraint("Hours per day");
    }

    Constraint maxHoursPerWeek(ConstraintFactory factory) {
        return factory.forEach(AgentDay.class)
                .groupBy(AgentDay::getAgent, AgentDay::getWeekIndex, sumLong(AgentDay::workedMinutes))
                .join(StaffRules.class)
                .filter((agent, week, minutes, rules) -> minutes > rules.maxMinutesPerWeek())
                .penalizeLong(HardSoftLongScore.ONE_HARD,
                        (agent, week, minutes, rules) -> BROKEN_RULE + minutes - rules.maxMinutesPerWeek())
                .asConstraint("Max hours per week");
    }

    /** Counts days off too (they carry the week's minimum), so that an agent with no shift at all is seen. */
    Constraint minHoursPerWeek(ConstraintFactory factory) {
        return factory.forEachIncludingUnassigned(AgentDay.class)
                .groupBy(AgentDay::getAgent, AgentDay::getWeekIndex, sumLong(AgentDay::workedMinutes),
                        sumLong(AgentDay::getWeekMinimumShare))
                .filter((agent, week, minutes, minimum) -> minutes < minimum)
                .penalizeLong(HardSoftLongScore.ONE_HARD, (agent, week, minutes, minimum) -> minimum - minutes)
                .asConstraint("Min hours per week");
    }

    /** Shared by under- and overstaffing: identical streams built from the same lambdas share their nodes. */
    private static BiConstraintStream<IntervalDemand, Integer> staffedPerInterval(ConstraintFactory factory) {
        return factory.forEach(AgentDay.class)
                .flattenLast(COVERED)
                .groupBy(IDENTITY, count());
    }

    private static final Function<AgentDay, Iterable<IntervalDemand>> COVERED = AgentDay::coveredDemands;
    private static final Function<IntervalDemand, IntervalDemand> IDENTITY = demand -> demand;

    Constraint understaffing(ConstraintFactory factory) {
        return staffedPerInterval(factory)
                .complement(IntervalDemand.class, demand -> 0)
                .filter((demand, staffed) -> staffed < demand.required())
                .penalizeLong(HardSoftLongScore.ONE_SOFT, IntervalDemand::shortage)
                .asConstraint("Understaffing");
    }

    Constraint overstaffing(ConstraintFactory factory) {
        return staffedPerInterval(factory)
                .filter((demand, staffed) -> staffed > demand.required())
                .penalizeLong(HardSoftLongScore.ONE_SOFT,
                        (demand, staffed) -> OVERSTAFFING_COST * (staffed - demand.required()))
                .asConstraint("Overstaffing");
    }

    Constraint fairness(ConstraintFactory factory) {
        return factory.forEach(AgentDay.class)
                .groupBy(loadBalance(AgentDay::getAgent, AgentDay::workedMinutes))
                .penalizeLong(HardSoftLongScore.ONE_SOFT, balance -> balance.unfairness().longValue())
                .asConstraint("Fair hours");
    }

    Constraint requestedDayOff(ConstraintFactory factory) {
        return factory.forEach(AgentDay.class)
                .filter(day -> day.getAgent().preferences().dayOffRequested(day.getShift().getDate()))
                .penalize(HardSoftLongScore.ofSoft(DAY_OFF_WORKED))
                .asConstraint("Requested day off");
    }

    Constraint unwantedShift(ConstraintFactory factory) {
        return factory.forEach(AgentDay.class)
                .filter(day -> day.getShift().unwantedBy(day.getAgent().preferences()))
                .penalize(HardSoftLongScore.ofSoft(UNWANTED_SHIFT))
                .asConstraint("Unwanted shift");
    }

    Constraint shiftNotPreferred(ConstraintFactory factory) {
        return factory.forEach(AgentDay.class)
                .filter(day -> !day.getShift().asPreferredBy(day.getAgent().preferences()))
                .penalize(HardSoftLongScore.ofSoft(SHIFT_NOT_PREFERRED))
                .asConstraint("Shift not preferred");
    }

    /** Between two qualified agents, the one more proficient in the group's skills takes the shift. */
    Constraint proficiency(ConstraintFactory factory) {
        return factory.forEach(AgentDay.class)
                .filter(day -> day.getAgent().proficiencyAbove(day.getShift().getRequiredSkills()) > 0)
                .rewardLong(HardSoftLongScore.ONE_SOFT,
                        day -> PROFICIENCY_REWARD * day.getAgent().proficiencyAbove(day.getShift().getRequiredSkills()))
                .asConstraint("Proficiency");
    }
}
