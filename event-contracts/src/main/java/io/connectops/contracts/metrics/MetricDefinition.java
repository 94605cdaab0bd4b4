package io.connectops.contracts.metrics;

/**
 * One entry of the metric catalogue.
 *
 * @param name the snake_case name published in {@code MetricSample.metric}
 * @param sourceName the name at the source: the Connect metric, or {@code Namespace/MetricName} for CloudWatch
 */
public record MetricDefinition(String name, MetricUnit unit, MetricOrigin origin, String sourceName, String meaning) {
}
