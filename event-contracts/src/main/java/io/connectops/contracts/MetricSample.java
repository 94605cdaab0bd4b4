package io.connectops.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One normalised metric sample on {@link Topics#METRICS}. A {@code null} value means "no data" (Connect returned
 * nothing for the interval), which is not the same as zero.
 *
 * @param source where the sample came from: {@code connect}, {@code cloudwatch}, {@code push}, {@code scheduling}
 * @param metric a name from the metric catalogue of metrics-ingest, e.g. {@code abandonment_rate}
 * @param timestamp the event time the value is about (snapshot or interval end), not the time it was ingested
 */
public record MetricSample(
        String source,
        String instanceId,
        String queueId,
        String channel,
        String agentId,
        String metric,
        Double value,
        String unit,
        Instant timestamp,
        Map<String, String> labels) {

    public static final String TYPE = "connectops.metric.sample.v1";
    /** The label of a per-routing-profile metric (agent_occupancy): each routing profile is its own series. */
    public static final String ROUTING_PROFILE_LABEL = "routing_profile_id";
    /**
     * Labels that name the AWS resource a CloudWatch metric is about (a Lambda function, a Lex bot, a DynamoDB
     * table): two functions of one instance are two series, not one whose values interleave.
     */
    public static final List<String> RESOURCE_LABELS = List.of("function_name", "bot_id", "table_name");

    public MetricSample {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** The Kafka key: samples of one series stay in order on one partition. */
    public String seriesKey() {
        StringBuilder key = new StringBuilder(instanceId == null ? "-" : instanceId)
                .append('/').append(queueId == null ? "-" : queueId);
        if (channel != null) {
            key.append('/').append(channel);
        }
        if (agentId != null) {
            key.append("/agent:").append(agentId);
        }
        String routingProfile = labels.get(ROUTING_PROFILE_LABEL);
        if (routingProfile != null) {
            key.append("/routing_profile:").append(routingProfile);
        }
        for (String resourceLabel : RESOURCE_LABELS) {
            String resource = labels.get(resourceLabel);
            if (resource != null) {
                key.append('/').append(resourceLabel).append(':').append(resource);
            }
        }
        return key.append('/').append(metric).toString();
    }

    public boolean hasData() {
        return value != null;
    }
}
