package io.connectops.scheduling.forecast;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.connectops.scheduling.forecast.ForecastService.HistoryInterval;

/** A forecast with each interval's start, so clients need not compute them. */
public record ForecastView(Figures forecast, List<HistoryInterval> intervals) {

    public static ForecastView of(Forecast forecast, boolean withIntervals) {
        List<HistoryInterval> intervals = null;
        if (withIntervals) {
            intervals = new ArrayList<>(forecast.contacts.length);
            for (int i = 0; i < forecast.contacts.length; i++) {
                intervals.add(new HistoryInterval(forecast.intervalStart(i), forecast.contacts[i],
                        forecast.ahtSeconds[i]));
            }
        }
        return new ForecastView(Figures.of(forecast), intervals);
    }

    /** The forecast's own fields. */
    public record Figures(UUID id, String queueId, int intervalSeconds, Instant startsAt, String method, Double alpha,
            Double delta, Double omega, Double phi, int historyPeriods, int holdoutPeriods, Double wape, Double bias,
            double[] contacts, double[] ahtSeconds, String createdBy, Instant createdAt) {

        public static Figures of(Forecast forecast) {
            return new Figures(forecast.id, forecast.queueId, forecast.intervalSeconds, forecast.startsAt,
                    forecast.method, forecast.alpha, forecast.delta, forecast.omega, forecast.phi,
                    forecast.historyPeriods, forecast.holdoutPeriods, forecast.wape, forecast.bias, forecast.contacts,
                    forecast.ahtSeconds, forecast.createdBy, forecast.createdAt);
        }
    }
}
