package io.connectops.scheduling.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.connectops.platform.problem.ProblemException;
import io.connectops.scheduling.domain.staffing.QueueLoad;
import io.connectops.scheduling.domain.staffing.QueuePerformance;
import io.connectops.scheduling.domain.staffing.StaffingCalculator;
import io.connectops.scheduling.domain.staffing.StaffingPlan;
import io.connectops.scheduling.rest.StaffingResource.ErlangRequest;
import io.connectops.scheduling.rest.StaffingResource.IntervalLoad;
import io.connectops.scheduling.rest.StaffingResource.Requirements;
import io.connectops.scheduling.rest.StaffingResource.RequirementsRequest;

@ApplicationScoped
public class StaffingService {

    @Inject
    ForecastService forecasts;

    /**
     * @param asaSeconds absent when the queue is overloaded (agents not above the traffic)
     * @param scheduledAgents present when a shrinkage was given
     * @param abandonProbability present under Erlang A (a patience was given)
     */
    public record StaffingAnswer(String model, int agents, double trafficErlangs, double waitProbability,
            double serviceLevel, Double asaSeconds, double occupancy, Integer scheduledAgents,
            Double abandonProbability) {

        static StaffingAnswer of(StaffingPlan plan, boolean withShrinkage, Double patienceSeconds) {
            QueuePerformance p = plan.performance();
            return new StaffingAnswer(patienceSeconds == null ? "ERLANG_C" : "ERLANG_A", p.agents(),
                    p.trafficErlangs(), p.waitProbability(), p.serviceLevel(), p.asaSeconds(), p.occupancy(),
                    withShrinkage ? plan.scheduledAgents() : null, p.abandonProbability());
        }
    }

    public record IntervalNeed(Instant start, double contacts, double ahtSeconds, double trafficErlangs,
            int agents, int scheduledAgents, double serviceLevel, Double asaSeconds, double occupancy) {
    }

    public StaffingAnswer compute(ErlangRequest request) {
        if ((request.agents() == null) == (request.targetServiceLevel() == null)) {
            throw ProblemException.invalid("agents",
                    "give either agents (to evaluate a staffing) or targetServiceLevel (to find one), not both");
        }
        QueueLoad load = new QueueLoad(request.contacts(), request.intervalSeconds(), request.ahtSeconds(),
                request.serviceLevelSeconds());
        double shrinkage = request.shrinkage() == null ? 0.0 : request.shrinkage();
        StaffingPlan plan;
        if (request.agents() != null) {
            if (request.patienceSeconds() != null && request.agents() == 0 && load.contacts() > 0) {
                throw ProblemException.invalid("agents", "Erlang A needs at least one agent");
            }
            plan = StaffingCalculator.plan(load, request.agents(), shrinkage, request.patienceSeconds());
        } else {
            double maxOccupancy = request.maxOccupancy() == null ? 1.0 : request.maxOccupancy();
            plan = StaffingCalculator.required(load, request.targetServiceLevel(), maxOccupancy, shrinkage,
                    request.patienceSeconds());
        }
        return StaffingAnswer.of(plan, request.shrinkage() != null, request.patienceSeconds());
    }

    public Requirements requirements(RequirementsRequest request) {
        List<IntervalLoad> loads;
        if (request.forecastId() != null) {
            if (request.intervals() != null && !request.intervals().isEmpty()) {
                throw ProblemException.invalid("intervals", "give either forecastId or intervals, not both");
            }
            loads = forecasts.intervalLoads(request.forecastId(), request.intervalSeconds());
        } else if (request.intervals() == null || request.intervals().isEmpty()) {
            throw ProblemException.invalid("intervals", "give intervals or a forecastId");
        } else {
            loads = request.intervals();
        }
        double maxOccupancy = request.maxOccupancy() == null ? 1.0 : request.maxOccupancy();
        double shrinkage = request.shrinkage() == null ? 0.0 : request.shrinkage();
        List<IntervalNeed> needs = new ArrayList<>(loads.size());
        int peak = 0;
        double agentSeconds = 0;
        for (IntervalLoad interval : loads) {
            QueueLoad load = new QueueLoad(interval.contacts(), request.intervalSeconds(), interval.ahtSeconds(),
                    request.serviceLevelSeconds());
            StaffingPlan plan = StaffingCalculator.required(load, request.targetServiceLevel(), maxOccupancy,
                    shrinkage, request.patienceSeconds());
            QueuePerformance p = plan.performance();
            needs.add(new IntervalNeed(interval.start(), interval.contacts(), interval.ahtSeconds(),
                    p.trafficErlangs(), p.agents(), plan.scheduledAgents(), p.serviceLevel(), p.asaSeconds(),
                    p.occupancy()));
            peak = Math.max(peak, plan.scheduledAgents());
            agentSeconds += (double) plan.scheduledAgents() * request.intervalSeconds();
        }
        return new Requirements(request.intervalSeconds(), peak, agentSeconds / 3600.0, needs);
    }
}
