package io.connectops.contracts.metrics;

/** Where the samples of a catalogue metric come from. */
public enum MetricOrigin {
    /** GetCurrentMetricData, every few seconds, per queue and channel. */
    CONNECT_REALTIME,
    /** GetMetricDataV2, per closed 15-minute interval. */
    CONNECT_INTERVAL,
    /** A CloudWatch alarm delivered through SNS. */
    CLOUDWATCH,
    /** Pushed by another system through {@code POST /api/v1/metrics}. */
    PUSH,
    /** Published by the scheduling service itself. */
    SCHEDULING
}
