package io.connectops.scheduling.people;

/**
 * Hard labour rules for a staffing group. Daily and weekly hours include breaks, as in Amazon Connect staff rules.
 *
 * @param maxMinutesWithoutBreak longest stretch of work allowed before a break (break frequency)
 */
public record StaffRules(
        int minRestMinutes,
        int maxConsecutiveDays,
        int minMinutesPerDay,
        int maxMinutesPerDay,
        int minMinutesPerWeek,
        int maxMinutesPerWeek,
        int maxMinutesWithoutBreak) {

    public StaffRules {
        if (minRestMinutes < 0 || maxConsecutiveDays < 1 || minMinutesPerDay < 0 || maxMinutesPerDay < minMinutesPerDay
                || minMinutesPerWeek < 0 || maxMinutesPerWeek < minMinutesPerWeek || maxMinutesWithoutBreak <= 0) {
            throw new IllegalArgumentException("staff rules are inconsistent");
        }
    }
}
