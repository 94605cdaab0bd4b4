package io.connectops.ingest.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.connectops.contracts.MetricSample;
import io.connectops.contracts.metrics.MetricCatalogue;
import io.connectops.contracts.metrics.MetricDefinition;
import io.connectops.contracts.metrics.MetricOrigin;
import io.connectops.ingest.aws.ConnectApi;
import io.connectops.ingest.domain.ConnectSource;
import io.connectops.ingest.domain.PollOperation;
import software.amazon.awssdk.services.connect.model.Channel;
import software.amazon.awssdk.services.connect.model.CurrentMetric;
import software.amazon.awssdk.services.connect.model.CurrentMetricData;
import software.amazon.awssdk.services.connect.model.CurrentMetricResult;
import software.amazon.awssdk.services.connect.model.Filters;
import software.amazon.awssdk.services.connect.model.GetCurrentMetricDataRequest;
import software.amazon.awssdk.services.connect.model.GetCurrentMetricDataResponse;
import software.amazon.awssdk.services.connect.model.Grouping;

/**
 * Reads the real-time report (GetCurrentMetricData) of a source, per queue and channel, every page of it, and
 * turns it into samples stamped with Connect's snapshot time.
 */
@ApplicationScoped
public class CurrentMetricsPoller {

    /** The result of one poll: the snapshot time and its samples. */
    public record Snapshot(Instant snapshotTime, List<MetricSample> samples) {
    }

    @Inject
    ConnectApi connect;

    @Inject
    SourceQueues queues;

    @Inject
    SourceClock clock;

    private static final List<CurrentMetric> METRICS = MetricCatalogue.ofOrigin(MetricOrigin.CONNECT_REALTIME).stream()
            .map(d -> CurrentMetric.builder().name(d.sourceName())
                    .unit("OLDEST_CONTACT_AGE".equals(d.sourceName()) ? "SECONDS" : "COUNT").build())
            .toList();

    public Snapshot read(ConnectSource source, ConnectApi.CallStats stats) {
        Instant snapshotTime = null;
        List<MetricSample> samples = new ArrayList<>();
        for (List<String> chunk : queues.chunksOf(source, PollOperation.CURRENT_METRICS, stats)) {
            GetCurrentMetricDataRequest first = GetCurrentMetricDataRequest.builder()
                    .instanceId(source.instanceId)
                    .filters(Filters.builder().queues(chunk).channelsWithStrings(source.channelList()).build())
                    .groupings(Grouping.QUEUE, Grouping.CHANNEL)
                    .currentMetrics(METRICS)
                    .maxResults(100)
                    .build();
            String token = null;
            do {
                GetCurrentMetricDataRequest request = first.toBuilder().nextToken(token).build();
                GetCurrentMetricDataResponse page = connect.call(source, PollOperation.CURRENT_METRICS, stats,
                        () -> connect.client(source).getCurrentMetricData(request));
                if (snapshotTime == null) {
                    // Pages are cut from one cached snapshot; the first page's time stands for the whole poll.
                    snapshotTime = page.dataSnapshotTime();
                    clock.observe(source.id, snapshotTime);
                }
                for (CurrentMetricResult result : page.metricResults()) {
                    addSamples(source, result, snapshotTime, samples);
                }
                token = page.nextToken();
            } while (token != null);
        }
        return new Snapshot(snapshotTime == null ? Instant.now() : snapshotTime, samples);
    }

    /**
     * Asks Connect what time it is at the source: the smallest real-time request (one queue, one metric, one
     * result) answers with its DataSnapshotTime. Empty when the source has no queue to ask about.
     */
    public Optional<Instant> probeTime(ConnectSource source, ConnectApi.CallStats stats) {
        List<List<String>> chunks = queues.chunksOf(source, PollOperation.CURRENT_METRICS, stats);
        if (chunks.isEmpty() || chunks.get(0).isEmpty()) {
            return Optional.empty();
        }
        GetCurrentMetricDataRequest request = GetCurrentMetricDataRequest.builder()
                .instanceId(source.instanceId)
                .filters(Filters.builder().queues(chunks.get(0).get(0)).channelsWithStrings(source.channelList()).build())
                .groupings(Grouping.QUEUE, Grouping.CHANNEL)
                .currentMetrics(CurrentMetric.builder().name("AGENTS_ONLINE").unit("COUNT").build())
                .maxResults(1)
                .build();
        Instant snapshotTime = connect.call(source, PollOperation.CURRENT_METRICS, stats,
                () -> connect.client(source).getCurrentMetricData(request)).dataSnapshotTime();
        clock.observe(source.id, snapshotTime);
        return Optional.ofNullable(snapshotTime);
    }

    private static void addSamples(ConnectSource source, CurrentMetricResult result, Instant at,
            List<MetricSample> samples) {
        String queueId = result.dimensions() == null || result.dimensions().queue() == null ? null
                : result.dimensions().queue().id();
        Channel channel = result.dimensions() == null ? null : result.dimensions().channel();
        boolean grouped = queueId != null;
        for (CurrentMetricData data : result.collections()) {
            String connectName = data.metric().nameAsString();
            MetricDefinition definition = MetricCatalogue.bySourceName(MetricOrigin.CONNECT_REALTIME, connectName)
                    .orElse(null);
            if (definition == null) {
                continue;
            }
            Double value = data.value();
            if (value != null && !grouped && "OLDEST_CONTACT_AGE".equals(connectName)) {
                // Connect's quirk: without groupings the unit says SECONDS but the value is in milliseconds.
                value = value / 1000;
            }
            samples.add(new MetricSample("connect", source.instanceId, queueId,
                    channel == null ? null : channel.toString(), null, definition.name(), value,
                    definition.unit().name(), at, Map.of("region", source.region)));
        }
    }
}
