package io.connectops.scheduling.people;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record PreferencesDraft(@Size(max = 60) List<@NotNull LocalDate> daysOff,
        @Size(max = 20) List<@Valid @NotNull PreferenceWindowDraft> preferredShifts,
        @Size(max = 20) List<@Valid @NotNull PreferenceWindowDraft> unwantedShifts,
        @Size(max = 20) List<@NotNull LocalTime> preferredStarts) {
}
