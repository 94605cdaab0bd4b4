package io.connectops.scheduling.ops;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record TemplateDraft(@NotBlank @Size(max = 200) String name, @Size(max = 2000) String description,
        @NotNull OpsTaskTemplate.Kind kind, @NotNull OpsTaskTemplate.Priority priority,
        @NotBlank @Size(max = 120) String cron, @NotBlank @Size(max = 60) String timeZone,
        @NotNull @Min(1) @Max(44640) Integer dueAfterMinutes, @Size(max = 200) String assignee,
        @NotEmpty @Size(max = 50) List<@NotBlank @Size(max = 500) String> checklist,
        Boolean overnightIncidents) {
}
