package io.connectops.alerting.suppression;

import java.time.Instant;
import java.util.List;

/** A silence as the API shows it; a maintenance window's silence names its window. */
public record SilenceView(String id, List<LabelMatcher> matchers, Instant startsAt, Instant endsAt, String comment,
        String createdBy, String maintenanceWindowId, Instant createdAt, Instant updatedAt) {

    static SilenceView of(Silence silence) {
        return new SilenceView(silence.id, silence.matchers, silence.startsAt, silence.endsAt, silence.comment,
                silence.createdBy, silence.maintenanceWindowId, silence.createdAt, silence.updatedAt);
    }
}
