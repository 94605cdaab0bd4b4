package io.connectops.contracts.metrics;

import java.util.Locale;
import java.util.Optional;

/** Units of the metric catalogue, as published in {@code MetricSample.unit}, with the values a threshold may take. */
public enum MetricUnit {
    COUNT(0, Double.MAX_VALUE), SECONDS(0, Double.MAX_VALUE), MILLISECONDS(0, Double.MAX_VALUE), PERCENT(0, 100);

    private final double min;
    private final double max;

    MetricUnit(double min, double max) {
        this.min = min;
        this.max = max;
    }

    public static Optional<MetricUnit> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(text.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public boolean admits(double value) {
        return value >= min && value <= max;
    }

    public String range() {
        return max == Double.MAX_VALUE ? ">= " + (long) min : (long) min + " to " + (long) max;
    }
}
