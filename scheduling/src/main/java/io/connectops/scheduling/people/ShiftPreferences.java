package io.connectops.scheduling.people;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;

/**
 * What an agent would like: shifts inside preferred windows or at preferred start times, no shift overlapping an
 * unwanted window, and days off. All soft: coverage comes first, so a wish gives way to a real shortage. An approved
 * day off is time off instead, which is hard.
 *
 * @param preferred windows a shift should lie in (or start at one of {@code preferredStarts})
 * @param unwanted windows a shift should not overlap
 */
public record ShiftPreferences(Set<LocalDate> daysOff, List<Window> preferred, List<Window> unwanted,
        Set<LocalTime> preferredStarts) {

    public static final ShiftPreferences NONE = new ShiftPreferences(Set.of(), List.of(), List.of(), Set.of());

    /**
     * A daily window in the profile's local time, on one day of the week or every day ({@code day} null).
     *
     * @param to its end; {@code 00:00} means midnight at the end of the day
     */
    public record Window(DayOfWeek day, LocalTime from, LocalTime to) {

        int fromMinute() {
            return from.getHour() * 60 + from.getMinute();
        }

        int toMinute() {
            return LocalTime.MIDNIGHT.equals(to) ? 24 * 60 : to.getHour() * 60 + to.getMinute();
        }

        boolean appliesOn(DayOfWeek weekday) {
            return day == null || day == weekday;
        }

        boolean contains(DayOfWeek weekday, int startMinute, int endMinute) {
            return appliesOn(weekday) && startMinute >= fromMinute() && endMinute <= toMinute();
        }

        boolean overlaps(DayOfWeek weekday, int startMinute, int endMinute) {
            return appliesOn(weekday) && startMinute < toMinute() && fromMinute() < endMinute;
        }
    }

    public ShiftPreferences {
        daysOff = daysOff == null ? Set.of() : Set.copyOf(daysOff);
        preferred = preferred == null ? List.of() : List.copyOf(preferred);
        unwanted = unwanted == null ? List.of() : List.copyOf(unwanted);
        preferredStarts = preferredStarts == null ? Set.of() : Set.copyOf(preferredStarts);
    }

    /** Whether there is any wish about which shift to work, so that each worked shift is one preference to honour. */
    public boolean hasShiftWishes() {
        return !preferred.isEmpty() || !unwanted.isEmpty() || !preferredStarts.isEmpty();
    }

    public boolean dayOffRequested(LocalDate date) {
        return daysOff.contains(date);
    }

    /** True when there is no positive wish, or the shift lies in a preferred window or starts at a preferred time. */
    public boolean asPreferred(LocalDate date, int startMinute, long lengthMinutes) {
        if (preferred.isEmpty() && preferredStarts.isEmpty()) {
            return true;
        }
        DayOfWeek weekday = date.getDayOfWeek();
        int start = startMinute;
        int end = start + (int) lengthMinutes;
        if (preferredStarts.contains(LocalTime.of(start / 60 % 24, start % 60))) {
            return true;
        }
        for (Window window : preferred) {
            if (window.contains(weekday, start, end)) {
                return true;
            }
        }
        return false;
    }

    /** True when the shift from {@code startMinute} of {@code date} overlaps an unwanted window. */
    public boolean unwanted(LocalDate date, int startMinute, long lengthMinutes) {
        DayOfWeek weekday = date.getDayOfWeek();
        int start = startMinute;
        int end = start + (int) lengthMinutes;
        for (Window window : unwanted) {
            if (window.overlaps(weekday, start, end)) {
                return true;
            }
        }
        return false;
    }
}
