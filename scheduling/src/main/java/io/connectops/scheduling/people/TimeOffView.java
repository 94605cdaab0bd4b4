package io.connectops.scheduling.people;

import java.time.Instant;
import java.util.UUID;

/** A time-off entry as the API shows it. */
public record TimeOffView(UUID id, UUID agentId, Instant startsAt, Instant endsAt, String reason, Instant createdAt) {

    public static TimeOffView of(TimeOffEntry timeOffEntry) {
        return new TimeOffView(timeOffEntry.id, timeOffEntry.agentId, timeOffEntry.startsAt, timeOffEntry.endsAt,
                timeOffEntry.reason, timeOffEntry.createdAt);
    }
}
