package io.connectops.scheduling.roster;

import java.time.Instant;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

public record RequirementEntry(@NotNull Instant start, @NotNull @PositiveOrZero @Max(100000) Integer agents) {
}
