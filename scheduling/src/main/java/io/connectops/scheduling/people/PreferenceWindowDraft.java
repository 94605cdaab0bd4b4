package io.connectops.scheduling.people;

import java.time.DayOfWeek;
import java.time.LocalTime;

import jakarta.validation.constraints.NotNull;

/** A daily window in the group's time zone, on one weekday or every day ({@code day} absent). */
public record PreferenceWindowDraft(DayOfWeek day, @NotNull LocalTime from, @NotNull LocalTime to) {

    public ShiftPreferences.Window toWindow() {
        return new ShiftPreferences.Window(day, from, to);
    }
}
