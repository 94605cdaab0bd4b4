package io.connectops.scheduling.intraday;

import static io.connectops.scheduling.common.LoadBounds.MAX_SECONDS;
import static io.connectops.scheduling.common.LoadBounds.MAX_SHRINKAGE;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import io.connectops.scheduling.forecast.HistoryEntry;

/**
 * Re-forecasts the rest of {@code date} (in {@code timeZone}, UTC by default) as of {@code asOf} (now by
 * default) from {@code actuals}, or from the contact history recorded so far when none are given.
 */
public record ReforecastDraft(@NotNull LocalDate date, @Size(max = 60) String timeZone, Instant asOf,
        @NotNull @PositiveOrZero @DecimalMax(MAX_SECONDS) Double serviceLevelSeconds,
        @NotNull @DecimalMin("0") @DecimalMax("1") Double targetServiceLevel,
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double maxOccupancy,
        @DecimalMin("0") @DecimalMax(MAX_SHRINKAGE) Double shrinkage,
        @Size(max = 100) String groupId,
        @Size(max = 200) List<@Valid @NotNull HistoryEntry> actuals) {
}
