package io.connectops.alerting.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** When the evaluator counts as stuck: an old checkpoint with work waiting, or a dead thread; never an idle worker. */
class EvaluatorHealthCheckTest {

    private static final long NOW = 1_000_000_000L;
    private static final Duration MAX_AGE = Duration.ofMinutes(2);

    private static String stuck(boolean alive, Duration age, long lag, long uncheckpointed, boolean paused) {
        return EvaluatorHealthCheck.stuck(new EvaluationWorker.Progress("w", alive, NOW - age.toMillis(), lag,
                uncheckpointed, paused), NOW, MAX_AGE);
    }

    @Test
    void aWorkerWhoseLastCheckpointIsOlderThanTheLimitWithRecordsToProcessIsStuck() {
        assertThat(stuck(true, Duration.ofMinutes(3), 0, 12, false))
                .isEqualTo("no successful checkpoint for PT3M with 12 records to process");
        assertThat(stuck(true, Duration.ofMinutes(3), 5_000, 0, true))
                .isEqualTo("no successful checkpoint for PT3M with 5000 records to process, consumption paused");
    }

    @Test
    void aRecentCheckpointOrNothingToProcessIsNotStuck() {
        assertThat(stuck(true, Duration.ofSeconds(119), 10_000, 5_000, true)).isNull();
        assertThat(stuck(true, Duration.ofHours(5), 0, 0, false)).isNull();
    }

    @Test
    void aWorkerWhoseThreadEndedIsStuckWhateverItsCheckpoint() {
        assertThat(stuck(false, Duration.ZERO, 0, 0, false)).isEqualTo("its thread has ended");
    }
}
