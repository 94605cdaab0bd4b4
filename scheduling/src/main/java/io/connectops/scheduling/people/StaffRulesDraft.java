package io.connectops.scheduling.people;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record StaffRulesDraft(@NotBlank @Size(max = 200) String name,
        @NotNull @Min(0) @Max(2880) Integer minRestMinutes, @NotNull @Min(1) @Max(14) Integer maxConsecutiveDays,
        @NotNull @Min(0) @Max(1440) Integer minMinutesPerDay, @NotNull @Min(0) @Max(1440) Integer maxMinutesPerDay,
        @NotNull @Min(0) @Max(10080) Integer minMinutesPerWeek,
        @NotNull @Min(0) @Max(10080) Integer maxMinutesPerWeek,
        @NotNull @Min(15) @Max(1440) Integer maxMinutesWithoutBreak) {
}
