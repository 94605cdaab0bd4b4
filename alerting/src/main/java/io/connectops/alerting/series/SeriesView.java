package io.connectops.alerting.series;

import java.time.Instant;

/** A series as the API shows it: its latest sample as of the evaluator's last checkpoint. */
public record SeriesView(String seriesKey, String instanceId, String queueId, String channel, String agentId,
        String metric, Double value, String unit, Instant sampleTime, long samplesApplied, Instant updatedAt) {

    static SeriesView of(Series series) {
        return new SeriesView(series.seriesKey, series.instanceId, series.queueId, series.channel, series.agentId,
                series.metric, series.value, series.unit, series.sampleTime, series.samplesApplied, series.updatedAt);
    }
}
