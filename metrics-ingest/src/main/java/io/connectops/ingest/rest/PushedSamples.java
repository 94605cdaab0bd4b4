package io.connectops.ingest.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A batch of samples pushed by another system: metrics Connect does not give, such as IVR response time. */
public record PushedSamples(@NotEmpty @Size(max = MAX_BATCH) List<@NotNull @Valid Sample> samples) {

    public static final int MAX_BATCH = 5000;

    public record Sample(
            @NotBlank @Size(max = 200) String instanceId,
            @Size(max = 200) String queueId,
            @Size(max = 50) String channel,
            @Size(max = 200) String agentId,
            @NotBlank @Pattern(regexp = "[a-z][a-z0-9_]{1,99}", message = "must be a snake_case metric name") String metric,
            @NotNull Double value,
            @Size(max = 30) String unit,
            @NotNull Instant timestamp,
            Map<String, String> labels) {
    }
}
