package io.connectops.scheduling.people;

import java.time.Instant;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record TimeOffDraft(@NotNull Instant startsAt, @NotNull Instant endsAt, @Size(max = 200) String reason) {
}
