package io.connectops.alerting.alerts;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.connectops.contracts.AlertEvent;

/** The history rows of a batch, column by column, for {@link AlertStore#insertHistory}. */
final class HistoryRows {

    /** A FIRING history row, published after it was recorded. */
    record Firing(String fingerprint, Instant at) {
    }

    final List<String> fingerprints;
    final List<String> states;
    final List<Timestamp> times;
    final List<Double> values;
    final List<Double> thresholds;
    final List<String> reasons;
    final List<String> suppressions;
    final List<Boolean> publications;
    final List<String> eventIds;
    /** Firing rows of earlier batches that this one published. */
    final List<Firing> publishedLater = new ArrayList<>();
    /** Row of each FIRING transition of the batch, by fingerprint and time. */
    private final Map<String, Integer> firingRows = new HashMap<>();

    HistoryRows(int size) {
        fingerprints = new ArrayList<>(size);
        states = new ArrayList<>(size);
        times = new ArrayList<>(size);
        values = new ArrayList<>(size);
        thresholds = new ArrayList<>(size);
        reasons = new ArrayList<>(size);
        suppressions = new ArrayList<>(size);
        publications = new ArrayList<>(size);
        eventIds = new ArrayList<>(size);
    }

    void markFiringPublished(String fingerprint, Instant at) {
        Integer row = firingRows.get(fingerprint + '|' + at.toEpochMilli());
        if (row != null) {
            publications.set(row, true);
            return;
        }
        publishedLater.add(new Firing(fingerprint, at));
    }

    void add(Transition transition, String suppressedBy, boolean published, String eventId) {
        if (transition.state() == AlertEvent.State.FIRING) {
            firingRows.put(transition.fingerprint() + '|' + transition.at().toEpochMilli(), fingerprints.size());
        }
        fingerprints.add(transition.fingerprint());
        states.add(transition.state().name());
        times.add(Timestamp.from(transition.at()));
        values.add(transition.value());
        thresholds.add(transition.rule().thresholdOrNull());
        reasons.add(transition.reason());
        suppressions.add(suppressedBy);
        publications.add(published);
        eventIds.add(eventId);
    }
}
