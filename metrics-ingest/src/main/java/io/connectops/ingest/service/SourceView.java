package io.connectops.ingest.service;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import io.connectops.ingest.domain.ConnectSource;
import io.connectops.ingest.domain.PollOperation;
import io.connectops.ingest.domain.PollState;

/**
 * A source as the API shows it, with the health of each poller. Credentials appear only as their kind: neither the
 * secret nor its name is ever returned.
 */
public record SourceView(
        UUID id,
        String name,
        String instanceId,
        String instanceArn,
        String region,
        String accountId,
        List<String> queueIds,
        List<String> channels,
        String currentMetricsInterval,
        String intervalMetricsInterval,
        String agentStatesInterval,
        int serviceLevelThresholdSeconds,
        String credentials,
        String endpointOverride,
        CloudWatch cloudWatch,
        boolean enabled,
        Status status,
        List<PollerHealth> pollers,
        Instant createdAt,
        Instant updatedAt) {

    public enum Status {
        /** Not polled yet. */
        PENDING,
        /** Every poller's last poll succeeded. */
        HEALTHY,
        /** At least one poller's last poll failed; the others go on. */
        DEGRADED,
        DISABLED
    }

    /** The CloudWatch metrics polled; null when none are. */
    public record CloudWatch(List<String> lambdaFunctions, List<String> lexBots, List<String> dynamoDbTables,
            String interval, String endpointOverride) {
    }

    public record PollerHealth(PollOperation operation, String api, Instant lastAttemptAt, Instant lastSuccessAt,
            String lastError, Instant lastErrorAt, int consecutiveFailures, long throttledCalls) {
    }

    public static SourceView of(ConnectSource source, List<PollState> states) {
        List<PollerHealth> pollers = states.stream()
                .sorted(Comparator.comparing(s -> s.operation))
                .map(s -> new PollerHealth(s.operation, s.operation.apiName(), s.lastAttemptAt, s.lastSuccessAt,
                        s.lastError, s.lastErrorAt, s.consecutiveFailures, s.throttledCalls))
                .toList();
        Status status = !source.enabled ? Status.DISABLED
                : states.stream().anyMatch(PollState::isDegraded) ? Status.DEGRADED
                        : states.isEmpty() ? Status.PENDING : Status.HEALTHY;
        return new SourceView(source.id, source.name, source.instanceId, source.instanceArn, source.region,
                source.accountId, source.queueIdList(), source.channelList(),
                source.intervalOf(PollOperation.CURRENT_METRICS).toString(),
                source.intervalOf(PollOperation.INTERVAL_METRICS).toString(),
                source.intervalOf(PollOperation.AGENT_STATES).toString(), source.serviceLevelThresholdSeconds,
                source.credentialsRef.startsWith("secret:") ? "NAMED_SECRET" : "DEFAULT_CHAIN",
                source.endpointOverride,
                source.cloudWatchEnabled ? new CloudWatch(source.cloudWatchList(source.cloudWatchLambdaFunctions),
                        source.cloudWatchList(source.cloudWatchLexBots),
                        source.cloudWatchList(source.cloudWatchDynamoDbTables),
                        source.intervalOf(PollOperation.CLOUDWATCH_METRICS).toString(),
                        source.cloudWatchEndpointOverride) : null,
                source.enabled, status, pollers, source.createdAt, source.updatedAt);
    }
}
