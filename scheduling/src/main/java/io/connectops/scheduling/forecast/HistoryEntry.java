package io.connectops.scheduling.forecast;

import static io.connectops.scheduling.common.LoadBounds.MAX_CONTACTS;
import static io.connectops.scheduling.common.LoadBounds.MAX_SECONDS;

import java.time.Instant;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/** Finite bounds: 1e400 parses to Infinity, which passes {@code @PositiveOrZero}. */
public record HistoryEntry(@NotNull Instant start, @NotNull @PositiveOrZero @DecimalMax(MAX_CONTACTS) Double contacts,
        @Positive @DecimalMax(MAX_SECONDS) Double ahtSeconds) {
}
