package io.connectops.scheduling.people;

import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code instanceId} is {@code VARCHAR(200)}; skills and queues are kept as JSON, bounded all the same. */
public record StaffingGroupDraft(@NotBlank @Size(max = 200) String name, @Size(max = 200) String instanceId,
        @NotNull @Size(max = 100) List<@NotBlank @Size(max = 200) String> requiredSkills,
        @NotNull @Size(max = 100) List<@NotBlank @Size(max = 200) String> queueIds,
        @NotNull @Size(max = 100) String shiftProfileId, @NotNull @Size(max = 100) String staffRulesId,
        @NotNull Integer intervalMinutes,
        @Size(max = 100) Map<@NotBlank @Size(max = 200) String, @NotNull @Min(1) @Max(5) Integer> minProficiency) {
}
