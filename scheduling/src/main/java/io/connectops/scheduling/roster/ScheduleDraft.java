package io.connectops.scheduling.roster;

import java.time.LocalDate;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * Either {@code requirement} (agents per interval) or the service-level target, in which case the requirement
 * comes from the latest forecasts of the group's queues through Erlang C.
 */
public record ScheduleDraft(@NotNull @Size(max = 100) String groupId, @NotNull LocalDate from,
        @NotNull @Min(1) @Max(28) Integer days, @Min(1) @Max(600) Integer timeLimitSeconds,
        @DecimalMin("0") @DecimalMax("1") Double targetServiceLevel, @PositiveOrZero @DecimalMax("86400") Double serviceLevelSeconds,
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double maxOccupancy,
        @Size(max = 5000) List<@Valid @NotNull RequirementEntry> requirement) {
}
