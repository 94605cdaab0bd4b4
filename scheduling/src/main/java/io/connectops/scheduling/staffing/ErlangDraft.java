package io.connectops.scheduling.staffing;

import static io.connectops.scheduling.common.LoadBounds.MAX_CONTACTS;
import static io.connectops.scheduling.common.LoadBounds.MAX_SECONDS;
import static io.connectops.scheduling.common.LoadBounds.MAX_SHRINKAGE;
import static io.connectops.scheduling.common.LoadBounds.MIN_AHT_SECONDS;
import static io.connectops.scheduling.common.LoadBounds.MIN_PATIENCE_SECONDS;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * Exactly one of {@code agents} (evaluate) and {@code targetServiceLevel} (search) is given. Every number has a
 * finite bound (1e400 parses to Infinity, which passes {@code @Positive}), so that no request can hold a worker
 * for long: see {@link StaffingService} for the bounds across fields (traffic, service-level threshold).
 */
public record ErlangDraft(
        @NotNull @PositiveOrZero @DecimalMax(MAX_CONTACTS) Double contacts,
        @NotNull @Positive @Max(86400) Integer intervalSeconds,
        @NotNull @DecimalMin(MIN_AHT_SECONDS) @DecimalMax(MAX_SECONDS) Double ahtSeconds,
        @NotNull @PositiveOrZero @DecimalMax(MAX_SECONDS) Double serviceLevelSeconds,
        @PositiveOrZero @Max(100000) Integer agents,
        @DecimalMin("0") @DecimalMax("1") Double targetServiceLevel,
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double maxOccupancy,
        @DecimalMin("0") @DecimalMax(MAX_SHRINKAGE) Double shrinkage,
        @DecimalMin(MIN_PATIENCE_SECONDS) @DecimalMax(MAX_SECONDS) Double patienceSeconds) {
}
