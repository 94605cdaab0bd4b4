package io.connectops.scheduling.staffing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.connectops.platform.problem.ProblemException;
import io.connectops.scheduling.forecast.Forecast;
import io.connectops.scheduling.forecast.ForecastService;

/**
 * Staffing maths for one interval or many. Open to viewers, so every request is bounded: each field on its own
 * (StaffingResource), the traffic and the service-level threshold here, and the whole computation by one
 * {@link ComputeBudget} per request, so that no accepted request holds a worker for more than a fraction of a
 * second.
 */
@ApplicationScoped
public class StaffingService {

    /** Offered traffic of one interval, in Erlangs: a hundred times a very large contact centre's queue. */
    public static final double MAX_TRAFFIC = 100_000;

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

    public StaffingAnswer compute(ErlangDraft request) {
        if ((request.agents() == null) == (request.targetServiceLevel() == null)) {
            throw ProblemException.invalid("agents",
                    "give either agents (to evaluate a staffing) or targetServiceLevel (to find one), not both");
        }
        checkThreshold(request.serviceLevelSeconds(), request.intervalSeconds());
        QueueLoad load = new QueueLoad(request.contacts(), request.intervalSeconds(), request.ahtSeconds(),
                request.serviceLevelSeconds());
        checkTraffic(load, "contacts");
        double shrinkage = request.shrinkage() == null ? 0.0 : request.shrinkage();
        ComputeBudget budget = ComputeBudget.perRequest();
        StaffingPlan plan;
        try {
            if (request.agents() != null) {
                if (request.patienceSeconds() != null && request.agents() == 0 && load.contacts() > 0) {
                    throw ProblemException.invalid("agents", "Erlang A needs at least one agent");
                }
                plan = StaffingCalculator.plan(load, request.agents(), shrinkage, request.patienceSeconds(), budget);
            } else {
                double maxOccupancy = request.maxOccupancy() == null ? 1.0 : request.maxOccupancy();
                plan = StaffingCalculator.required(load, request.targetServiceLevel(), maxOccupancy, shrinkage,
                        request.patienceSeconds(), budget);
            }
        } catch (StaffingLimitException e) {
            // Within the bounds above only Erlang A can run out: its chain grows with the patience.
            throw ProblemException.invalid(request.patienceSeconds() != null ? "patienceSeconds" : "contacts",
                    e.getMessage() + "; leave patienceSeconds out for Erlang C, or give a smaller load");
        }
        return StaffingAnswer.of(plan, request.shrinkage() != null, request.patienceSeconds());
    }

    public RequirementsView requirements(RequirementsDraft request) {
        checkThreshold(request.serviceLevelSeconds(), request.intervalSeconds());
        List<IntervalLoad> loads;
        if (request.forecastId() != null) {
            if (request.intervals() != null && !request.intervals().isEmpty()) {
                throw ProblemException.invalid("intervals", "give either forecastId or intervals, not both");
            }
            loads = intervalLoads(request.forecastId(), request.intervalSeconds());
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
        ComputeBudget budget = ComputeBudget.perRequest();
        // A forecast repeats loads (quiet nights, flat days): each distinct one is solved once.
        Map<QueueLoad, StaffingPlan> solved = new HashMap<>();
        for (int i = 0; i < loads.size(); i++) {
            IntervalLoad interval = loads.get(i);
            QueueLoad load = new QueueLoad(interval.contacts(), request.intervalSeconds(), interval.ahtSeconds(),
                    request.serviceLevelSeconds());
            checkTraffic(load, request.forecastId() != null ? "forecastId" : "intervals[" + i + "].contacts");
            StaffingPlan plan = solved.get(load);
            if (plan == null) {
                try {
                    plan = StaffingCalculator.required(load, request.targetServiceLevel(), maxOccupancy, shrinkage,
                            request.patienceSeconds(), budget);
                } catch (StaffingLimitException e) {
                    throw ProblemException.invalid(request.patienceSeconds() != null ? "patienceSeconds" : "intervals",
                            "interval " + i + ": " + e.getMessage() + "; ask for fewer intervals at a time"
                                    + (request.patienceSeconds() != null ? ", or leave patienceSeconds out" : ""));
                }
                solved.put(load, plan);
            }
            QueuePerformance p = plan.performance();
            needs.add(new IntervalNeed(interval.start(), interval.contacts(), interval.ahtSeconds(),
                    p.trafficErlangs(), p.agents(), plan.scheduledAgents(), p.serviceLevel(), p.asaSeconds(),
                    p.occupancy()));
            peak = Math.max(peak, plan.scheduledAgents());
            agentSeconds += (double) plan.scheduledAgents() * request.intervalSeconds();
        }
        return new RequirementsView(request.intervalSeconds(), peak, agentSeconds / 3600.0, needs);
    }

    /** The service-level threshold is within the interval: a longer one says nothing about that interval. */
    public static void checkThreshold(double serviceLevelSeconds, int intervalSeconds) {
        if (serviceLevelSeconds > intervalSeconds) {
            throw ProblemException.invalid("serviceLevelSeconds",
                    "must be at most the interval's " + intervalSeconds + " seconds");
        }
    }

    public static void checkTraffic(QueueLoad load, String field) {
        if (!(load.trafficErlangs() <= MAX_TRAFFIC)) {
            throw ProblemException.invalid(field, "offered traffic (contacts × ahtSeconds / intervalSeconds) of "
                    + load.trafficErlangs() + " Erlangs is above the " + (long) MAX_TRAFFIC + " this service staffs");
        }
    }

    /** The forecast as staffing input, at the interval length asked for (which must be the forecast's). */
    private List<IntervalLoad> intervalLoads(String forecastId, int intervalSeconds) {
        Forecast forecast = forecasts.get(forecastId);
        if (forecast.intervalSeconds != intervalSeconds) {
            throw ProblemException.invalid("intervalSeconds", "forecast " + forecastId + " has "
                    + forecast.intervalSeconds + "-second intervals");
        }
        List<IntervalLoad> loads = new ArrayList<>(forecast.contacts.length);
        for (int i = 0; i < forecast.contacts.length; i++) {
            double aht = forecast.ahtSeconds[i] > 0 ? forecast.ahtSeconds[i] : 1.0;
            loads.add(new IntervalLoad(forecast.intervalStart(i), forecast.contacts[i], aht));
        }
        return loads;
    }
}
