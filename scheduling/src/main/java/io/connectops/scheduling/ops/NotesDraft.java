package io.connectops.scheduling.ops;

import jakarta.validation.constraints.Size;

public record NotesDraft(@Size(max = 4000) String notes) {
}
