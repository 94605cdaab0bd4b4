package io.connectops.ingest.service;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What an admin registers or changes about a Connect source. Intervals are ISO-8601 durations; omitted ones take
 * the service defaults.
 *
 * @param instanceArn {@code arn:aws:connect:<region>:<account>:instance/<instanceId>}; region and account come from it
 * @param queueIds the queues to read; empty reads every standard queue of the instance
 * @param credentialsRef {@code default} (the AWS default credentials chain) or {@code secret:<name>} naming
 *        credentials configured under {@code connectops.ingest.credentials.<name>}; write-only
 * @param endpointOverride a non-AWS endpoint: a VPC endpoint, or the local Connect simulator
 * @param cloudWatch the CloudWatch metrics to poll; absent, none are
 */
public record SourceSpec(
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Pattern(regexp = ARN, message = "must be arn:aws:connect:<region>:<account>:instance/<instanceId>") String instanceArn,
        @Size(max = 500) List<@NotBlank @Size(max = 100) String> queueIds,
        @Size(max = 3) List<@NotNull @Pattern(regexp = "VOICE|CHAT|TASK", message = "must be VOICE, CHAT or TASK") String> channels,
        Duration currentMetricsInterval,
        Duration intervalMetricsInterval,
        Duration agentStatesInterval,
        @Min(1) @Max(604800) Integer serviceLevelThresholdSeconds,
        @NotBlank @Pattern(regexp = "default|secret:[A-Za-z0-9_.-]{1,100}", message = "must be 'default' or 'secret:<name>'") String credentialsRef,
        @Size(max = 500) @Pattern(regexp = "https?://[^\\s]+", message = "must be an http(s) URL") String endpointOverride,
        @Valid CloudWatchSpec cloudWatch) {

    public static final String ARN = "arn:aws[a-z-]*:connect:([a-z0-9-]+):([0-9]{12}):instance/([A-Za-z0-9-]{1,100})";
}
