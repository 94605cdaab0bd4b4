package io.connectops.scheduling.people;

import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record AgentDraft(@NotBlank @Size(max = 200) String connectId, @NotBlank @Size(max = 200) String name,
        @Size(max = 100) String groupId,
        @NotNull @Size(max = 100) Map<@NotBlank @Size(max = 200) String, @NotNull @Min(1) @Max(5) Integer> skills,
        Boolean active) {
}
