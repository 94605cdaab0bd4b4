package io.connectops.alerting.suppression;

import java.util.List;
import java.util.Optional;

/**
 * Mutes an alert whose labels a silence matches at the transition's event time (not the wall clock: a replayed day is
 * silenced as living it was). Maintenance windows are silences too.
 */
public final class SilenceMuter implements Muter {

    private final List<SilenceSpec> silences;

    public SilenceMuter(List<SilenceSpec> silences) {
        this.silences = List.copyOf(silences);
    }

    @Override
    public Optional<Suppression> mutes(Candidate alert) {
        for (SilenceSpec silence : silences) {
            if (silence.isActiveAt(alert.at()) && silence.matches(alert.labels())) {
                return Optional.of(Suppression.silence(silence.id()));
            }
        }
        return Optional.empty();
    }
}
