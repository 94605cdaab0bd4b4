package io.connectops.scheduling.ops;

import java.time.Instant;

/**
 * What a new task carries beside its checklist, computed once when the task is created (the figures of the period
 * for a report, the briefing of the day for a checklist). The reports feature reads across the others to compute
 * it; ops only stores it, so ops depends on this seam rather than on reports.
 */
public interface TaskContent {

    /** A value that serialises to the task's {@code report} JSON. */
    Object of(OpsTaskTemplate template, Instant occurrence, Instant now);
}
