package io.connectops.alerting.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.connectops.contracts.Severity;

/** Silences, maintenance windows and inhibition decide without a database. */
class MuterTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Map<String, String> QUEUE_1 = Map.of("instanceId", "inst-1", "queueId", "q-1");

    private static Muter.Candidate alert(String fingerprint, Severity severity, Map<String, String> labels, Instant at) {
        return new Muter.Candidate(fingerprint, severity, labels, at);
    }

    @Test
    void aSilenceMutesMatchingLabelsOnlyWhileInForceAtTheTransitionsEventTime() {
        SilenceMuter muter = new SilenceMuter(List.of(new SilenceSpec("maintenance-1",
                List.of(new LabelMatcher("queueId", List.of("q-1", "q-2"))), T0, T0.plusSeconds(3600))));

        assertThat(muter.mutes(alert("a", Severity.P2, QUEUE_1, T0.plusSeconds(60))))
                .contains(Suppression.silence("maintenance-1"));
        assertThat(muter.mutes(alert("a", Severity.P2, QUEUE_1, T0.plusSeconds(3600)))).isEmpty();
        assertThat(muter.mutes(alert("a", Severity.P2, Map.of("queueId", "q-3"), T0.plusSeconds(60)))).isEmpty();
    }

    @Test
    void aFiringP1InhibitsLessUrgentAlertsOfItsInstanceButNotItselfNorOtherInstances() {
        InhibitionMuter inhibition = new InhibitionMuter(true, Severity.P1, List.of("instanceId"));
        inhibition.inhibiting("outage", Map.of("instanceId", "inst-1"));

        assertThat(inhibition.mutes(alert("queue", Severity.P2, QUEUE_1, T0))).contains(Suppression.inhibitedBy("outage"));
        assertThat(inhibition.mutes(alert("outage", Severity.P2, QUEUE_1, T0))).isEmpty();
        assertThat(inhibition.mutes(alert("other", Severity.P1, QUEUE_1, T0))).isEmpty();
        assertThat(inhibition.mutes(alert("queue", Severity.P2, Map.of("instanceId", "inst-2"), T0))).isEmpty();
        assertThat(inhibition.mutes(alert("queue", Severity.P2, Map.of("queueId", "q-1"), T0))).isEmpty();

        inhibition.track("outage", Severity.P1, Map.of("instanceId", "inst-1"), false);
        assertThat(inhibition.mutes(alert("queue", Severity.P2, QUEUE_1, T0))).isEmpty();
    }

    @Test
    void silencesAreAskedBeforeInhibitionAndTheSuppressionRoundTripsThroughItsColumn() {
        InhibitionMuter inhibition = new InhibitionMuter(true, Severity.P1, List.of("instanceId"));
        inhibition.inhibiting("outage", QUEUE_1);
        Muter muter = Muter.inOrder(List.of(new SilenceMuter(List.of(new SilenceSpec("s-1",
                List.of(new LabelMatcher("instanceId", List.of("inst-1"))), T0, T0.plusSeconds(60)))), inhibition));

        Suppression silenced = muter.mutes(alert("queue", Severity.P3, QUEUE_1, T0)).orElseThrow();
        Suppression inhibited = muter.mutes(alert("queue", Severity.P3, QUEUE_1, T0.plusSeconds(60))).orElseThrow();

        assertThat(silenced).isEqualTo(Suppression.silence("s-1"));
        assertThat(inhibited.column()).isEqualTo("inhibited-by:outage");
        assertThat(Suppression.ofColumn(inhibited.column())).isEqualTo(inhibited);
        assertThat(Suppression.ofColumn(silenced.column())).isEqualTo(silenced);
    }
}
