package io.connectops.scheduling.intraday;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.connectops.platform.problem.ProblemException;
import io.connectops.scheduling.common.TimeBounds;
import io.connectops.scheduling.forecast.Forecast;
import io.connectops.scheduling.forecast.ForecastService;
import io.connectops.scheduling.forecast.HistoryEntry;
import io.connectops.scheduling.people.PeopleService;
import io.connectops.scheduling.people.StaffingGroup;
import io.connectops.scheduling.roster.CoverageReport;
import io.connectops.scheduling.roster.Schedule;
import io.connectops.scheduling.roster.ScheduleService;
import io.connectops.scheduling.staffing.ComputeBudget;
import io.connectops.scheduling.staffing.QueueLoad;
import io.connectops.scheduling.staffing.StaffingCalculator;
import io.connectops.scheduling.staffing.StaffingLimitException;
import io.connectops.scheduling.staffing.StaffingService;

/**
 * Intraday: the rest of today re-forecast from today's actuals so far, staffed again by Erlang C, and set against
 * the published schedule of a group to show where the day will now be short.
 */
@ApplicationScoped
public class IntradayService {

    @Inject
    ForecastService forecasts;

    @Inject
    ScheduleService schedules;

    @Inject
    PeopleService people;

    /**
     * @param gap scheduled − required now: negative where the interval is short
     */
    public record IntradayInterval(Instant start, double forecastContacts, double contacts, double forecastAhtSeconds,
            double ahtSeconds, int requiredBefore, int required, Integer scheduled, Integer gap) {
    }

    /**
     * @param shortAgentIntervals Σ max(0, −gap) over the remaining intervals; null without a group
     */
    public record IntradayView(UUID forecastId, String queueId, LocalDate date, Instant asOf, int elapsedIntervals,
            double forecastContactsSoFar, double actualContactsSoFar, double volumeRatio, double ahtRatio,
            double remainingForecastContacts, double remainingContacts, UUID scheduleId, Integer shortAgentIntervals,
            List<IntradayInterval> intervals) {
    }

    @Transactional
    public IntradayView reforecast(String forecastId, ReforecastDraft request) {
        Forecast forecast = forecasts.get(forecastId);
        ZoneId zone;
        try {
            zone = ZoneId.of(request.timeZone() == null ? "UTC" : request.timeZone());
        } catch (DateTimeException e) {
            throw ProblemException.invalid("timeZone", "is not a known time zone");
        }
        StaffingService.checkThreshold(request.serviceLevelSeconds(), forecast.intervalSeconds);
        TimeBounds.check("date", request.date());
        TimeBounds.check("asOf", request.asOf());
        Instant dayStart = request.date().atStartOfDay(zone).toInstant();
        Instant dayEnd = request.date().plusDays(1).atStartOfDay(zone).toInstant();
        Instant asOf = request.asOf() == null ? Instant.now() : request.asOf();
        int intervalSeconds = forecast.intervalSeconds;

        List<IntradayReforecast.Load> day = new ArrayList<>();
        for (int i = 0; i < forecast.contacts.length; i++) {
            Instant start = forecast.intervalStart(i);
            if (!start.isBefore(dayStart) && start.isBefore(dayEnd)) {
                day.add(new IntradayReforecast.Load(start, forecast.contacts[i],
                        forecast.ahtSeconds[i] > 0 ? forecast.ahtSeconds[i] : 1.0));
            }
        }
        if (day.isEmpty()) {
            throw ProblemException.invalid("date", "forecast " + forecastId + " does not cover " + request.date());
        }
        List<IntradayReforecast.Load> actuals = new ArrayList<>();
        if (request.actuals() != null && !request.actuals().isEmpty()) {
            for (int i = 0; i < request.actuals().size(); i++) {
                HistoryEntry entry = request.actuals().get(i);
                TimeBounds.check("actuals[" + i + "].start", entry.start());
                if (entry.start().getEpochSecond() % intervalSeconds != 0) {
                    throw ProblemException.invalid("actuals[" + i + "].start",
                            "must be aligned on the forecast's " + intervalSeconds + "-second intervals");
                }
                actuals.add(new IntradayReforecast.Load(entry.start(), entry.contacts(), entry.ahtSeconds()));
            }
        } else {
            forecasts.history(forecast.queueId, intervalSeconds, dayStart, asOf).forEach(row -> actuals
                    .add(new IntradayReforecast.Load(row.start(), row.contacts(), row.ahtSeconds())));
        }
        IntradayReforecast.Result result = IntradayReforecast.of(day, actuals, asOf, intervalSeconds);

        Map<Instant, Integer> scheduled = null;
        UUID scheduleId = null;
        if (request.groupId() != null) {
            StaffingGroup group = people.group(request.groupId());
            if (group.intervalMinutes * 60 != intervalSeconds) {
                throw ProblemException.invalid("groupId", "the group plans in " + group.intervalMinutes
                        + "-minute intervals, the forecast in " + intervalSeconds / 60);
            }
            List<Schedule> published = schedules.publishedCovering(group.id, request.date());
            if (published.isEmpty()) {
                throw ProblemException.conflict("staffing group " + request.groupId() + " has no published schedule for "
                        + request.date());
            }
            scheduleId = published.get(0).id;
            scheduled = new HashMap<>();
            for (CoverageReport.Interval interval : CoverageReport.of(Map.of(), dayStart, dayEnd,
                    group.intervalMinutes, published.get(0).shifts).intervals()) {
                scheduled.put(interval.start(), interval.scheduled());
            }
        }

        double maxOccupancy = request.maxOccupancy() == null ? 1.0 : request.maxOccupancy();
        double shrinkage = request.shrinkage() == null ? 0.0 : request.shrinkage();
        List<IntradayInterval> intervals = new ArrayList<>();
        ComputeBudget budget = ComputeBudget.perRequest();
        double remainingForecast = 0;
        double remaining = 0;
        int short_ = 0;
        for (IntradayReforecast.Reforecast interval : result.remaining()) {
            int before = required(interval.forecastContacts(), interval.forecastAhtSeconds(), intervalSeconds, request,
                    maxOccupancy, shrinkage, budget);
            int now = required(interval.contacts(), interval.ahtSeconds(), intervalSeconds, request, maxOccupancy,
                    shrinkage, budget);
            Integer have = scheduled == null ? null : scheduled.getOrDefault(interval.start(), 0);
            Integer gap = have == null ? null : have - now;
            if (gap != null && gap < 0) {
                short_ -= gap;
            }
            remainingForecast += interval.forecastContacts();
            remaining += interval.contacts();
            intervals.add(new IntradayInterval(interval.start(), interval.forecastContacts(), interval.contacts(),
                    interval.forecastAhtSeconds(), interval.ahtSeconds(), before, now, have, gap));
        }
        return new IntradayView(forecast.id, forecast.queueId, request.date(), asOf, result.elapsedIntervals(),
                result.forecastContactsSoFar(), result.actualContactsSoFar(), result.volumeRatio(),
                result.ahtRatio(), remainingForecast, remaining, scheduleId, scheduled == null ? null : short_,
                intervals);
    }

    /**
     * Agents to schedule (after shrinkage) for an interval's load; none when no contact is expected. The actuals
     * scale the forecast (a few actual contacts against a nearly empty forecast make a large ratio), so the
     * re-forecast load is bounded as a request's own would be, and blamed on the actuals.
     */
    private static int required(double contacts, double ahtSeconds, int intervalSeconds, ReforecastDraft request,
            double maxOccupancy, double shrinkage, ComputeBudget budget) {
        if (contacts <= 0) {
            return 0;
        }
        if (!Double.isFinite(contacts) || !Double.isFinite(ahtSeconds) || !(ahtSeconds > 0)) {
            throw ProblemException.invalid("actuals", "re-forecast a load that cannot be staffed: " + contacts
                    + " contacts of " + ahtSeconds + " s");
        }
        QueueLoad load = new QueueLoad(contacts, intervalSeconds, ahtSeconds, request.serviceLevelSeconds());
        StaffingService.checkTraffic(load, "actuals");
        try {
            return StaffingCalculator.required(load, request.targetServiceLevel(), maxOccupancy, shrinkage, null, budget)
                    .scheduledAgents();
        } catch (StaffingLimitException e) {
            throw ProblemException.invalid("actuals", e.getMessage());
        }
    }
}
