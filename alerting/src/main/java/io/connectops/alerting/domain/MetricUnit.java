package io.connectops.alerting.domain;

/** Units of the metric catalogue, with the values a threshold in that unit may take. */
public enum MetricUnit {
    PERCENT(0, 100), SECONDS(0, Double.MAX_VALUE), MILLISECONDS(0, Double.MAX_VALUE), COUNT(0, Double.MAX_VALUE);

    private final double min;
    private final double max;

    MetricUnit(double min, double max) {
        this.min = min;
        this.max = max;
    }

    public boolean admits(double threshold) {
        return threshold >= min && threshold <= max;
    }

    public String range() {
        return max == Double.MAX_VALUE ? ">= " + (long) min : (long) min + " to " + (long) max;
    }
}
