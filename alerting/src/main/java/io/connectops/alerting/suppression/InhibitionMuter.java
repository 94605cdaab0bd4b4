package io.connectops.alerting.suppression;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.connectops.contracts.Severity;

/**
 * Alertmanager's inhibit rule: an alert firing (and not itself muted) at the source severity or more urgent mutes the
 * less urgent alerts that share its values of the equal labels. An alert lacking one of those labels shares no scope.
 * It follows a batch as it goes: {@link #track} is told of each alert the batch changes.
 */
public final class InhibitionMuter implements Muter {

    private final boolean enabled;
    private final Severity sourceSeverity;
    private final List<String> equalLabels;
    /** Fingerprint of an inhibiting alert, by scope. */
    private final Map<String, String> inhibitors = new HashMap<>();

    public InhibitionMuter(boolean enabled, Severity sourceSeverity, List<String> equalLabels) {
        this.enabled = enabled;
        this.sourceSeverity = sourceSeverity;
        this.equalLabels = List.copyOf(equalLabels);
    }

    public boolean enabled() {
        return enabled;
    }

    /** The severities whose firing alerts inhibit: the source severity and the more urgent ones. */
    public List<Severity> inhibitingSeverities() {
        return Arrays.stream(Severity.values())
                .filter(severity -> severity == sourceSeverity || severity.isMoreUrgentThan(sourceSeverity)).toList();
    }

    /** A firing, unmuted alert of an inhibiting severity, as stored before the batch. */
    public void inhibiting(String fingerprint, Map<String, String> labels) {
        String scope = scopeOf(labels);
        if (scope != null) {
            inhibitors.putIfAbsent(scope, fingerprint);
        }
    }

    /** An alert the batch changed: it inhibits its scope while it fires unmuted, and stops when it does not. */
    public void track(String fingerprint, Severity severity, Map<String, String> labels, boolean firingUnmuted) {
        if (!enabled || !inhibitingSeverities().contains(severity)) {
            return;
        }
        if (firingUnmuted) {
            inhibiting(fingerprint, labels);
            return;
        }
        String scope = scopeOf(labels);
        if (scope != null) {
            inhibitors.remove(scope, fingerprint);
        }
    }

    @Override
    public Optional<Suppression> mutes(Candidate alert) {
        if (!enabled || !sourceSeverity.isMoreUrgentThan(alert.severity())) {
            return Optional.empty();
        }
        String scope = scopeOf(alert.labels());
        String inhibitor = scope == null ? null : inhibitors.get(scope);
        return inhibitor == null || inhibitor.equals(alert.fingerprint()) ? Optional.empty()
                : Optional.of(Suppression.inhibitedBy(inhibitor));
    }

    /** The values of the equal labels; null when one is missing. */
    private String scopeOf(Map<String, String> labels) {
        StringBuilder scope = new StringBuilder();
        for (String label : equalLabels) {
            String value = labels.get(label);
            if (value == null) {
                return null;
            }
            scope.append(label).append('=').append(value).append('\u0000');
        }
        return scope.toString();
    }
}
