package io.connectops.ingest.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.connectops.contracts.MetricSample;
import io.connectops.contracts.metrics.MetricCatalogue;
import io.connectops.contracts.metrics.MetricDefinition;
import io.connectops.contracts.metrics.MetricOrigin;
import io.connectops.ingest.domain.ConnectSource;
import io.connectops.ingest.domain.PollOperation;
import software.amazon.awssdk.services.connect.model.FilterV2;
import software.amazon.awssdk.services.connect.model.GetMetricDataV2Request;
import software.amazon.awssdk.services.connect.model.GetMetricDataV2Response;
import software.amazon.awssdk.services.connect.model.IntervalDetails;
import software.amazon.awssdk.services.connect.model.IntervalPeriod;
import software.amazon.awssdk.services.connect.model.MetricDataV2;
import software.amazon.awssdk.services.connect.model.MetricResultV2;
import software.amazon.awssdk.services.connect.model.MetricV2;
import software.amazon.awssdk.services.connect.model.ThresholdV2;

/**
 * Reads closed 15-minute intervals (GetMetricDataV2) per queue and channel: abandonment, service level with the
 * source's threshold, answer and handle times, contact counts. Samples are stamped with the interval end.
 */
@ApplicationScoped
public class IntervalMetricsPoller {

    public static final Duration INTERVAL = Duration.ofMinutes(15);

    /** Metrics valid with a QUEUE grouping; AGENT_OCCUPANCY is not, and is left to a routing-profile request. */
    private static final List<String> QUEUE_METRICS = List.of("ABANDONMENT_RATE", "SERVICE_LEVEL",
            "AVG_QUEUE_ANSWER_TIME", "AVG_HANDLE_TIME", "AVG_ABANDON_TIME", "CONTACTS_HANDLED", "CONTACTS_ABANDONED",
            "CONTACTS_QUEUED");

    @Inject
    ConnectApi connect;

    @Inject
    SourceQueues queues;

    /** The end of the last interval that has closed at {@code now}. */
    public static Instant lastClosedEnd(Instant now) {
        long seconds = INTERVAL.toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), seconds) * seconds);
    }

    public List<MetricSample> read(ConnectSource source, Instant start, Instant end, ConnectApi.CallStats stats) {
        List<MetricV2> metrics = new ArrayList<>();
        for (String name : QUEUE_METRICS) {
            MetricV2.Builder metric = MetricV2.builder().name(name);
            if ("SERVICE_LEVEL".equals(name)) {
                metric.threshold(ThresholdV2.builder().comparison("LT")
                        .thresholdValue((double) source.serviceLevelThresholdSeconds).build());
            }
            metrics.add(metric.build());
        }
        List<MetricSample> samples = new ArrayList<>();
        for (List<String> chunk : queues.chunksOf(source, PollOperation.INTERVAL_METRICS, stats)) {
            GetMetricDataV2Request first = GetMetricDataV2Request.builder()
                    .resourceArn(source.instanceArn)
                    .startTime(start)
                    .endTime(end)
                    .interval(IntervalDetails.builder().timeZone("UTC").intervalPeriod(IntervalPeriod.FIFTEEN_MIN).build())
                    .filters(FilterV2.builder().filterKey("QUEUE").filterValues(chunk).build(),
                            FilterV2.builder().filterKey("CHANNEL").filterValues(source.channelList()).build())
                    .groupings("QUEUE", "CHANNEL")
                    .metrics(metrics)
                    .maxResults(100)
                    .build();
            String token = null;
            do {
                GetMetricDataV2Request request = first.toBuilder().nextToken(token).build();
                GetMetricDataV2Response page = connect.call(source, PollOperation.INTERVAL_METRICS, stats,
                        () -> connect.client(source).getMetricDataV2(request));
                for (MetricResultV2 result : page.metricResults()) {
                    addSamples(source, result, samples);
                }
                token = page.nextToken();
            } while (token != null);
        }
        return samples;
    }

    private static void addSamples(ConnectSource source, MetricResultV2 result, List<MetricSample> samples) {
        // Dimensions are a free map keyed by grouping name; extra keys (ARNs) are ignored.
        Map<String, String> dimensions = result.dimensions();
        Instant intervalEnd = result.metricInterval() == null ? null : result.metricInterval().endTime();
        if (intervalEnd == null) {
            return;
        }
        for (MetricDataV2 data : result.collections()) {
            MetricDefinition definition = MetricCatalogue
                    .bySourceName(MetricOrigin.CONNECT_INTERVAL, data.metric().name()).orElse(null);
            if (definition == null) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            labels.put("region", source.region);
            labels.put("interval_start", result.metricInterval().startTime().toString());
            if ("SERVICE_LEVEL".equals(data.metric().name())) {
                labels.put("threshold_seconds", String.valueOf(source.serviceLevelThresholdSeconds));
            }
            samples.add(new MetricSample("connect", source.instanceId, dimensions.get("QUEUE"),
                    dimensions.get("CHANNEL"), null, definition.name(), data.value(), definition.unit().name(),
                    intervalEnd, labels));
        }
    }
}
