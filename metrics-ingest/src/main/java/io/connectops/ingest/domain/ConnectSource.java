package io.connectops.ingest.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An Amazon Connect instance the pollers read, with how often and as whom. */
@Entity
@Table(name = "connect_source")
public class ConnectSource extends PanacheEntityBase {

    @Id
    public UUID id;

    public String name;

    @Column(name = "instance_id")
    public String instanceId;

    @Column(name = "instance_arn")
    public String instanceArn;

    public String region;

    @Column(name = "account_id")
    public String accountId;

    /** Comma-separated queue ids; empty means every queue of the instance. */
    @Column(name = "queue_ids")
    public String queueIds;

    /** Comma-separated channels (VOICE, CHAT, TASK). */
    public String channels;

    @Column(name = "current_metrics_interval_seconds")
    public int currentMetricsIntervalSeconds;

    @Column(name = "interval_metrics_interval_seconds")
    public int intervalMetricsIntervalSeconds;

    @Column(name = "agent_states_interval_seconds")
    public int agentStatesIntervalSeconds;

    @Column(name = "service_level_threshold_seconds")
    public int serviceLevelThresholdSeconds;

    /** {@code default} (the AWS default credentials chain) or {@code secret:<name>}; never the secret itself. */
    @Column(name = "credentials_ref")
    public String credentialsRef;

    /** A non-AWS endpoint (VPC endpoint, the local simulator); null for the public Connect endpoint. */
    @Column(name = "endpoint_override")
    public String endpointOverride;

    public boolean enabled;

    /** Whether CloudWatch metrics are polled for this source (its AWS/Connect metrics at least). */
    @Column(name = "cloudwatch_enabled")
    public boolean cloudWatchEnabled;

    /** Comma-separated Lambda function names whose metrics are polled (labels {@code function_name}). */
    @Column(name = "cloudwatch_lambda_functions")
    public String cloudWatchLambdaFunctions = "";

    /** Comma-separated Lex V2 bot ids (labels {@code bot_id}). */
    @Column(name = "cloudwatch_lex_bots")
    public String cloudWatchLexBots = "";

    /** Comma-separated DynamoDB table names (labels {@code table_name}). */
    @Column(name = "cloudwatch_dynamodb_tables")
    public String cloudWatchDynamoDbTables = "";

    @Column(name = "cloudwatch_metrics_interval_seconds")
    public int cloudWatchMetricsIntervalSeconds = 60;

    /** A non-AWS CloudWatch endpoint (a VPC endpoint); null uses {@link #endpointOverride}, then the public one. */
    @Column(name = "cloudwatch_endpoint_override")
    public String cloudWatchEndpointOverride;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Version
    public long version;

    public List<String> queueIdList() {
        return split(queueIds);
    }

    public List<String> channelList() {
        return split(channels);
    }

    public Duration intervalOf(PollOperation operation) {
        switch (operation) {
            case CURRENT_METRICS:
                return Duration.ofSeconds(currentMetricsIntervalSeconds);
            case INTERVAL_METRICS:
                return Duration.ofSeconds(intervalMetricsIntervalSeconds);
            case AGENT_STATES:
                return Duration.ofSeconds(agentStatesIntervalSeconds);
            case CLOUDWATCH_METRICS:
                return Duration.ofSeconds(cloudWatchMetricsIntervalSeconds);
            default:
                throw new IllegalArgumentException(operation.name());
        }
    }

    public List<String> cloudWatchList(String joined) {
        return split(joined);
    }

    /** The operations this source is polled with: CloudWatch only when it was asked for. */
    public List<PollOperation> operations() {
        return Arrays.stream(PollOperation.values())
                .filter(operation -> operation != PollOperation.CLOUDWATCH_METRICS || cloudWatchEnabled).toList();
    }

    private static List<String> split(String joined) {
        if (joined == null || joined.isBlank()) {
            return List.of();
        }
        return Arrays.stream(joined.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
