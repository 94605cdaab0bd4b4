package io.connectops.scheduling.people;

import java.time.Instant;
import java.util.UUID;

/** Staff rules as the API shows them. */
public record StaffRulesView(UUID id, String name, int minRestMinutes, int maxConsecutiveDays, int minMinutesPerDay,
        int maxMinutesPerDay, int minMinutesPerWeek, int maxMinutesPerWeek, int maxMinutesWithoutBreak,
        Instant createdAt) {

    public static StaffRulesView of(StaffRulesEntity staffRules) {
        return new StaffRulesView(staffRules.id, staffRules.name, staffRules.minRestMinutes,
                staffRules.maxConsecutiveDays, staffRules.minMinutesPerDay, staffRules.maxMinutesPerDay,
                staffRules.minMinutesPerWeek, staffRules.maxMinutesPerWeek, staffRules.maxMinutesWithoutBreak,
                staffRules.createdAt);
    }
}
