package io.connectops.scheduling.forecast;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record HistoryDraft(@NotBlank @Size(max = 200) String queueId, @NotNull Integer intervalSeconds,
        @NotEmpty @Size(max = 50000) List<@Valid @NotNull HistoryEntry> intervals) {
}
