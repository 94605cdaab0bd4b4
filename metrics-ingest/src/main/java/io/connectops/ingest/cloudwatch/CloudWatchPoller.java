package io.connectops.ingest.cloudwatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.connectops.contracts.MetricSample;
import io.connectops.ingest.aws.ConnectApi;
import io.connectops.ingest.domain.ConnectSource;
import io.connectops.ingest.domain.PollOperation;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

/**
 * Reads a source's CloudWatch metrics with GetMetricData: up to 500 queries per call (one call per poll for any
 * ordinary source), its pages followed, every call paced by the account's shared CloudWatch bucket and retried like
 * the Connect calls.
 */
@ApplicationScoped
public class CloudWatchPoller {

    private static final Logger LOG = Logger.getLogger(CloudWatchPoller.class);

    @Inject
    ConnectApi api;

    /** The samples of the whole minutes {@code [from, to)}. */
    public List<MetricSample> read(ConnectSource source, Instant from, Instant to, ConnectApi.CallStats stats) {
        List<CloudWatchQueries.Target> targets = CloudWatchQueries.of(source.instanceId, source.region,
                new CloudWatchQueries.Resources(source.cloudWatchList(source.cloudWatchLambdaFunctions),
                        source.cloudWatchList(source.cloudWatchLexBots),
                        source.cloudWatchList(source.cloudWatchDynamoDbTables)));
        Map<String, List<Instant>> timestamps = new HashMap<>();
        Map<String, List<Double>> values = new HashMap<>();
        for (int first = 0; first < targets.size(); first += CloudWatchQueries.MAX_QUERIES_PER_CALL) {
            List<MetricDataQuery> batch = targets.subList(first,
                    Math.min(targets.size(), first + CloudWatchQueries.MAX_QUERIES_PER_CALL)).stream()
                    .map(CloudWatchQueries.Target::query).toList();
            String token = null;
            do {
                GetMetricDataRequest request = GetMetricDataRequest.builder().metricDataQueries(batch)
                        .startTime(from).endTime(to).scanBy(ScanBy.TIMESTAMP_ASCENDING).nextToken(token).build();
                GetMetricDataResponse page = api.call(source, PollOperation.CLOUDWATCH_METRICS, stats,
                        () -> api.cloudWatch(source).getMetricData(request));
                for (MetricDataResult result : page.metricDataResults()) {
                    if (result.statusCode() == StatusCode.FORBIDDEN || result.statusCode() == StatusCode.INTERNAL_ERROR) {
                        throw new ConnectApi.ConnectCallFailed("GetMetricData query " + result.id() + " ("
                                + result.label() + ") failed with " + result.statusCodeAsString(), null);
                    }
                    timestamps.computeIfAbsent(result.id(), k -> new ArrayList<>()).addAll(result.timestamps());
                    values.computeIfAbsent(result.id(), k -> new ArrayList<>()).addAll(result.values());
                }
                token = page.nextToken();
            } while (token != null);
        }
        List<MetricSample> samples = new ArrayList<>();
        for (CloudWatchQueries.Target target : targets) {
            String id = target.query().id();
            samples.addAll(CloudWatchQueries.samples(source.instanceId, target,
                    timestamps.getOrDefault(id, List.of()), values.getOrDefault(id, List.of()), from, to));
        }
        LOG.debugf("Source %s: %d CloudWatch queries, %d samples for %s..%s", source.id, targets.size(),
                samples.size(), from, to);
        return samples;
    }
}
