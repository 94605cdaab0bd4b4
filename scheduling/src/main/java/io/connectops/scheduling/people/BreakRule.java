package io.connectops.scheduling.people;

/**
 * A break or lunch placed inside a window measured from the shift start, as Amazon Connect shift profiles do
 * ("lunch between 3 h and 5 h after start").
 */
public record BreakRule(String name, int durationMinutes, int earliestStartAfterMinutes, int latestStartAfterMinutes) {

    public BreakRule {
        if (durationMinutes <= 0 || earliestStartAfterMinutes < 0 || latestStartAfterMinutes < earliestStartAfterMinutes) {
            throw new IllegalArgumentException("break " + name + ": duration must be positive and the window ordered");
        }
    }
}
