package io.connectops.scheduling.ops;

import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record MaintenanceWindowDraft(@NotBlank @Size(max = 200) String title, @Size(max = 4000) String description,
        @NotNull @Size(max = 100) List<@NotBlank @Size(max = 200) String> instanceIds,
        @NotNull @Size(max = 100) List<@NotBlank @Size(max = 200) String> queueIds,
        @NotNull Instant startsAt, @NotNull Instant endsAt, @NotBlank @Size(max = 200) String owner,
        @NotNull @Min(0) @Max(43200) Integer leadTimeMinutes) {
}
