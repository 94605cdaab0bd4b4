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
import io.connectops.ingest.aws.ConnectApi;
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

    /** Metrics valid with a QUEUE grouping; AGENT_OCCUPANCY is not, and has a routing-profile request of its own. */
    private static final List<String> QUEUE_METRICS = List.of("ABANDONMENT_RATE", "SERVICE_LEVEL",
            "AVG_QUEUE_ANSWER_TIME", "AVG_HANDLE_TIME", "AVG_ABANDON_TIME", "CONTACTS_HANDLED", "CONTACTS_ABANDONED",
            "CONTACTS_QUEUED");

    static final String AGENT_OCCUPANCY = "AGENT_OCCUPANCY";

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
            readAll(source, request(source, start, end, "QUEUE", chunk, metrics), stats, samples);
        }
        // Agent occupancy is not valid with a queue filter or grouping: it is read per routing profile.
        List<MetricV2> occupancy = List.of(MetricV2.builder().name(AGENT_OCCUPANCY).build());
        for (List<String> chunk : queues.routingProfileChunksOf(source, PollOperation.INTERVAL_METRICS, stats)) {
            readAll(source, request(source, start, end, "ROUTING_PROFILE", chunk, occupancy), stats, samples);
        }
        return samples;
    }

    private static GetMetricDataV2Request request(ConnectSource source, Instant start, Instant end, String groupedBy,
            List<String> ids, List<MetricV2> metrics) {
        List<FilterV2> filters = new ArrayList<>();
        filters.add(FilterV2.builder().filterKey(groupedBy).filterValues(ids).build());
        if ("QUEUE".equals(groupedBy)) {
            filters.add(FilterV2.builder().filterKey("CHANNEL").filterValues(source.channelList()).build());
        }
        return GetMetricDataV2Request.builder()
                .resourceArn(source.instanceArn)
                .startTime(start)
                .endTime(end)
                .interval(IntervalDetails.builder().timeZone("UTC").intervalPeriod(IntervalPeriod.FIFTEEN_MIN).build())
                .filters(filters)
                .groupings("QUEUE".equals(groupedBy) ? List.of("QUEUE", "CHANNEL") : List.of(groupedBy))
                .metrics(metrics)
                .maxResults(100)
                .build();
    }

    private void readAll(ConnectSource source, GetMetricDataV2Request first, ConnectApi.CallStats stats,
            List<MetricSample> samples) {
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
            String routingProfile = dimensions.get("ROUTING_PROFILE");
            if (routingProfile != null) {
                labels.put(MetricSample.ROUTING_PROFILE_LABEL, routingProfile);
            }
            samples.add(new MetricSample("connect", source.instanceId, dimensions.get("QUEUE"),
                    dimensions.get("CHANNEL"), null, definition.name(), data.value(), definition.unit().name(),
                    intervalEnd, labels));
        }
    }
}
