package io.connectops.ingest.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** What one poller of one source last did, and how far it has published. */
@Entity
@Table(name = "source_poll_state")
public class PollState extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "source_id")
    public UUID sourceId;

    @Enumerated(EnumType.STRING)
    public PollOperation operation;

    @Column(name = "last_attempt_at")
    public Instant lastAttemptAt;

    @Column(name = "last_success_at")
    public Instant lastSuccessAt;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "last_error_at")
    public Instant lastErrorAt;

    @Column(name = "consecutive_failures")
    public int consecutiveFailures;

    @Column(name = "throttled_calls")
    public long throttledCalls;

    /** DataSnapshotTime of the last published real-time snapshot. */
    @Column(name = "last_snapshot_at")
    public Instant lastSnapshotAt;

    /** End of the last published 15-minute interval. */
    @Column(name = "last_interval_end")
    public Instant lastIntervalEnd;

    /** End of the last published interval read again for Connect's late data (interval metrics only). */
    @Column(name = "last_correction_end")
    public Instant lastCorrectionEnd;

    public static String idOf(UUID sourceId, PollOperation operation) {
        return sourceId + ":" + operation.name();
    }

    /** The state of a poller, created on its first poll. */
    public static PollState of(UUID sourceId, PollOperation operation) {
        PollState state = findById(idOf(sourceId, operation));
        if (state == null) {
            state = new PollState();
            state.id = idOf(sourceId, operation);
            state.sourceId = sourceId;
            state.operation = operation;
            state.persist();
        }
        return state;
    }

    /**
     * The state of a poller, row-locked until the transaction ends: two polls of one source that overlap (a replica
     * that lost its lease while reading) publish one after the other, the second seeing the first's high-water mark.
     */
    public static PollState locked(UUID sourceId, PollOperation operation) {
        PollState state = findById(idOf(sourceId, operation), LockModeType.PESSIMISTIC_WRITE);
        return state == null ? of(sourceId, operation) : state;
    }

    public boolean isDegraded() {
        return consecutiveFailures > 0;
    }

    public void succeeded(Instant at, long throttled) {
        lastAttemptAt = at;
        lastSuccessAt = at;
        consecutiveFailures = 0;
        throttledCalls += throttled;
    }

    public void failed(Instant at, String error, long throttled) {
        lastAttemptAt = at;
        lastError = error.length() > 1000 ? error.substring(0, 1000) : error;
        lastErrorAt = at;
        consecutiveFailures++;
        throttledCalls += throttled;
    }
}
