package io.connectops.scheduling.people;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A staffing group as the API shows it. */
public record StaffingGroupView(UUID id, String name, String instanceId, List<String> requiredSkills,
        List<String> queueIds, Map<String, Integer> minProficiency, UUID shiftProfileId, UUID staffRulesId,
        int intervalMinutes, Instant createdAt) {

    public static StaffingGroupView of(StaffingGroup staffingGroup) {
        return new StaffingGroupView(staffingGroup.id, staffingGroup.name, staffingGroup.instanceId,
                staffingGroup.requiredSkills, staffingGroup.queueIds, staffingGroup.minProficiency,
                staffingGroup.shiftProfileId, staffingGroup.staffRulesId, staffingGroup.intervalMinutes,
                staffingGroup.createdAt);
    }
}
