package io.connectops.scheduling.forecast;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record ForecastDraft(@NotBlank @Size(max = 200) String queueId, @NotNull Integer intervalSeconds,
        @NotNull @Min(1) @Max(126) Integer horizonDays, @Min(0) @Max(28) Integer holdoutDays) {
}
