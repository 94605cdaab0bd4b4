package io.connectops.scheduling.people;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record BreakDraft(@NotBlank @Size(max = 200) String name, @NotNull @Min(5) @Max(120) Integer durationMinutes,
        @NotNull @Min(0) @Max(1440) Integer earliestStartAfterMinutes,
        @NotNull @Min(0) @Max(1440) Integer latestStartAfterMinutes) {

    public BreakRule toRule() {
        return new BreakRule(name, durationMinutes, earliestStartAfterMinutes, latestStartAfterMinutes);
    }
}
