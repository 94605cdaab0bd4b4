package io.connectops.alerting.suppression;

import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;

/** Matches alerts whose label {@code label} has one of {@code values} (a maintenance window lists several queues). */
public record LabelMatcher(@NotBlank String label, @NotEmpty List<@NotBlank String> values) {

    public LabelMatcher {
        values = values == null ? List.of() : List.copyOf(values);
    }

    public boolean matches(Map<String, String> labels) {
        String value = labels.get(label);
        return value != null && values.contains(value);
    }
}
