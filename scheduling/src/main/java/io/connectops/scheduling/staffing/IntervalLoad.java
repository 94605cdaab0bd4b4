package io.connectops.scheduling.staffing;

import static io.connectops.scheduling.common.LoadBounds.MAX_CONTACTS;
import static io.connectops.scheduling.common.LoadBounds.MAX_SECONDS;
import static io.connectops.scheduling.common.LoadBounds.MIN_AHT_SECONDS;

import java.time.Instant;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

public record IntervalLoad(@NotNull Instant start, @NotNull @PositiveOrZero @DecimalMax(MAX_CONTACTS) Double contacts,
        @NotNull @DecimalMin(MIN_AHT_SECONDS) @DecimalMax(MAX_SECONDS) Double ahtSeconds) {
}
