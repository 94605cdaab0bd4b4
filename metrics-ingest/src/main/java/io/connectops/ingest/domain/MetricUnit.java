package io.connectops.ingest.domain;

import java.util.Locale;
import java.util.Optional;

/** Units of the metric catalogue, as published in {@code MetricSample.unit}. */
public enum MetricUnit {
    COUNT, SECONDS, MILLISECONDS, PERCENT;

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
}
