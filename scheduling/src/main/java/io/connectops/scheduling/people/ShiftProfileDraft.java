package io.connectops.scheduling.people;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record ShiftProfileDraft(@NotBlank @Size(max = 200) String name, @NotBlank @Size(max = 60) String timeZone,
        @NotEmpty List<@NotNull DayOfWeek> days, @NotNull LocalTime earliestStart, @NotNull LocalTime latestEnd,
        @NotEmpty List<@NotNull @Min(60) @Max(720) Integer> lengthsMinutes,
        @NotNull @Min(5) @Max(240) Integer startStepMinutes,
        @NotNull @Size(max = 20) List<@Valid @NotNull BreakDraft> breaks,
        @Min(1) @Max(8) Integer breakVariants) {
}
