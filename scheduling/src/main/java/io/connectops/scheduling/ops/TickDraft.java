package io.connectops.scheduling.ops;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Ticks ({@code done: true}) or unticks a checklist item. Conditional: it applies only to an item in the other state,
 * so of two people ticking the same item at once one is told who was first.
 */
public record TickDraft(@NotNull Boolean done, @Size(max = 4000) String notes) {
}
