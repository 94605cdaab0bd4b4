package io.connectops.alerting.suppression;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.connectops.contracts.Severity;

/**
 * Decides whether an alert's transition is kept from subscribers, and by what (Alertmanager's {@code Muter}): a
 * silence, a maintenance window (a silence of scheduling's) or a more urgent alert firing in the same scope. Pure:
 * what it decides on is loaded once per batch by the caller.
 */
@FunctionalInterface
public interface Muter {

    /** An alert as muting sees it: its labels at the event time of its transition. */
    record Candidate(String fingerprint, Severity severity, Map<String, String> labels, Instant at) {
    }

    Optional<Suppression> mutes(Candidate alert);

    /** The first suppression any of {@code muters} finds, asked in order. */
    static Muter inOrder(List<Muter> muters) {
        return alert -> {
            for (Muter muter : muters) {
                Optional<Suppression> suppression = muter.mutes(alert);
                if (suppression.isPresent()) {
                    return suppression;
                }
            }
            return Optional.empty();
        };
    }
}
