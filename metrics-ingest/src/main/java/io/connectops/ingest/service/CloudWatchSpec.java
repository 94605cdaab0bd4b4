package io.connectops.ingest.service;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Which CloudWatch metrics a source is polled for with GetMetricData, besides its instance's AWS/Connect metrics.
 * Names become sample labels ({@code function_name}, {@code bot_id}, {@code table_name}), never instance or queue ids.
 *
 * @param interval how often GetMetricData is called (default PT1M: CloudWatch's metrics have one-minute periods)
 * @param endpointOverride a CloudWatch VPC endpoint; when absent, the source's own endpointOverride, else the
 *        public CloudWatch endpoint of the source's Region
 */
public record CloudWatchSpec(
        @Size(max = 100) List<@NotBlank @Size(max = 140) @Pattern(regexp = "[A-Za-z0-9_:.-]+", message = "must be a Lambda function name") String> lambdaFunctions,
        @Size(max = 50) List<@NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9_.-]+", message = "must be a Lex bot id") String> lexBots,
        @Size(max = 50) List<@NotBlank @Size(max = 255) @Pattern(regexp = "[A-Za-z0-9_.-]+", message = "must be a DynamoDB table name") String> dynamoDbTables,
        Duration interval,
        @Size(max = 500) @Pattern(regexp = "https?://[^\\s]+", message = "must be an http(s) URL") String endpointOverride) {
}
