package io.connectops.scheduling.staffing;

import static io.connectops.scheduling.common.LoadBounds.MAX_INTERVALS;
import static io.connectops.scheduling.common.LoadBounds.MAX_SECONDS;
import static io.connectops.scheduling.common.LoadBounds.MAX_SHRINKAGE;
import static io.connectops.scheduling.common.LoadBounds.MIN_PATIENCE_SECONDS;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

public record RequirementsDraft(
        @NotNull @Positive @Max(86400) Integer intervalSeconds,
        @NotNull @PositiveOrZero @DecimalMax(MAX_SECONDS) Double serviceLevelSeconds,
        @NotNull @DecimalMin("0") @DecimalMax("1") Double targetServiceLevel,
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double maxOccupancy,
        @DecimalMin("0") @DecimalMax(MAX_SHRINKAGE) Double shrinkage,
        @DecimalMin(MIN_PATIENCE_SECONDS) @DecimalMax(MAX_SECONDS) Double patienceSeconds,
        @Size(max = 100) String forecastId,
        @Size(max = MAX_INTERVALS) List<@Valid @NotNull IntervalLoad> intervals) {
}
