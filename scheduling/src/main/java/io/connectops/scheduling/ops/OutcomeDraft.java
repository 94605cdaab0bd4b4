package io.connectops.scheduling.ops;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record OutcomeDraft(@NotBlank @Size(max = 4000) String outcome) {
}
