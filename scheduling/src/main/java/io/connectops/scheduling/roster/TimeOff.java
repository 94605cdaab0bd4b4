package io.connectops.scheduling.roster;

import java.time.Instant;

/** A period an agent cannot work: leave, training, or simply outside their availability. */
public record TimeOff(Instant start, Instant end) {

    public boolean overlaps(Instant otherStart, Instant otherEnd) {
        return start.isBefore(otherEnd) && otherStart.isBefore(end);
    }
}
