package io.connectops.ingest.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The time at each source, as Connect last reported it. Interval boundaries (which 15-minute intervals have closed,
 * and GetMetricDataV2's EndTime, which Connect refuses beyond its own now) must follow the source's clock, not ours:
 * our clock may be skewed, and a simulator in a test may run its clock many times faster than real time.
 *
 * <p>An estimate is the last reported time plus the local time elapsed since it was seen. It never runs ahead of a
 * source whose clock runs at least at real speed, and it is only trusted while fresh, so that a fast clock is
 * followed closely.
 */
@ApplicationScoped
public class SourceClock {

    private record Observation(Instant sourceTime, long localNanos) {
    }

    private final Map<UUID, Observation> observations = new ConcurrentHashMap<>();

    /** Connect said it was {@code sourceTime} at the source now (a DataSnapshotTime just received). */
    public void observe(UUID sourceId, Instant sourceTime) {
        if (sourceTime != null) {
            observations.put(sourceId, new Observation(sourceTime, System.nanoTime()));
        }
    }

    /** The source's time now, if it was reported no longer than {@code maxAge} ago. */
    public Optional<Instant> now(UUID sourceId, Duration maxAge) {
        Observation seen = observations.get(sourceId);
        if (seen == null) {
            return Optional.empty();
        }
        long elapsed = System.nanoTime() - seen.localNanos();
        if (elapsed > maxAge.toNanos()) {
            return Optional.empty();
        }
        return Optional.of(seen.sourceTime().plusNanos(elapsed));
    }

    public void forget(UUID sourceId) {
        observations.remove(sourceId);
    }
}
