package io.connectops.scheduling.intraday;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Re-forecasts the rest of a day from what has happened so far: the remaining intervals' contacts are scaled by
 * actual ÷ forecast contacts over the elapsed intervals that have actuals, and their handle time by the actual ÷
 * forecast contact-weighted handle time. One ratio for the day, as Amazon Connect's intraday view and most WFM tools
 * do: a single morning interval is too noisy to reshape the afternoon.
 */
public final class IntradayReforecast {

    /** One interval of a forecast, or one observed interval. {@code ahtSeconds} may be null for an actual. */
    public record Load(Instant start, double contacts, Double ahtSeconds) {
    }

    /**
     * @param volumeRatio actual ÷ forecast contacts so far; 1 when nothing was forecast or observed yet
     * @param ahtRatio actual ÷ forecast handle time so far; 1 when no handle time was observed
     * @param remaining the intervals starting at or after {@code asOf}, re-forecast
     */
    public record Result(int elapsedIntervals, double forecastContactsSoFar, double actualContactsSoFar,
            double volumeRatio, double ahtRatio, List<Reforecast> remaining) {
    }

    public record Reforecast(Instant start, double forecastContacts, double forecastAhtSeconds, double contacts,
            double ahtSeconds) {
    }

    private IntradayReforecast() {
    }

    /**
     * @param forecast the day's forecast intervals, in order
     * @param actuals observed intervals; only those of elapsed intervals (ended by {@code asOf}) count
     */
    public static Result of(List<Load> forecast, List<Load> actuals, Instant asOf, int intervalSeconds) {
        Map<Instant, Load> actualByStart = new HashMap<>();
        actuals.forEach(actual -> actualByStart.put(actual.start(), actual));
        double forecastContacts = 0;
        double actualContacts = 0;
        double forecastWork = 0;
        double forecastContactsWithAht = 0;
        double actualWork = 0;
        double actualContactsWithAht = 0;
        int elapsed = 0;
        List<Load> remaining = new ArrayList<>();
        for (Load interval : forecast) {
            if (!interval.start().plusSeconds(intervalSeconds).isAfter(asOf)) {
                Load actual = actualByStart.get(interval.start());
                if (actual == null) {
                    continue;
                }
                elapsed++;
                forecastContacts += interval.contacts();
                actualContacts += actual.contacts();
                if (actual.ahtSeconds() != null && actual.contacts() > 0) {
                    actualWork += actual.contacts() * actual.ahtSeconds();
                    actualContactsWithAht += actual.contacts();
                    forecastWork += interval.contacts() * interval.ahtSeconds();
                    forecastContactsWithAht += interval.contacts();
                }
            } else if (!interval.start().isBefore(asOf)) {
                remaining.add(interval);
            }
        }
        double volumeRatio = forecastContacts > 0 && elapsed > 0 ? actualContacts / forecastContacts : 1.0;
        double ahtRatio = forecastWork > 0 && actualContactsWithAht > 0
                ? (actualWork / actualContactsWithAht) / (forecastWork / forecastContactsWithAht)
                : 1.0;
        List<Reforecast> reforecast = new ArrayList<>(remaining.size());
        for (Load interval : remaining) {
            reforecast.add(new Reforecast(interval.start(), interval.contacts(), interval.ahtSeconds(),
                    interval.contacts() * volumeRatio, interval.ahtSeconds() * ahtRatio));
        }
        return new Result(elapsed, forecastContacts, actualContacts, volumeRatio, ahtRatio, reforecast);
    }
}
