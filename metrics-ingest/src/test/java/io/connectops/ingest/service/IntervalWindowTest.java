package io.connectops.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class IntervalWindowTest {

    private static final Duration SETTLE = Duration.ofMinutes(2);
    private static final Duration CORRECTION = Duration.ofMinutes(30);
    private static final Duration CATCH_UP = Duration.ofHours(6);

    private static Instant at(String time) {
        return Instant.parse("2026-03-02T" + time + "Z");
    }

    private static IntervalWindow window(String now, String lastEnd, String lastCorrected) {
        return IntervalWindow.of(at(now), SETTLE, CORRECTION, CATCH_UP, lastEnd == null ? null : at(lastEnd),
                lastCorrected == null ? null : at(lastCorrected));
    }

    @Test
    void anIntervalIsDueOnlyOnceItsSettleDelayHasPassed() {
        assertThat(window("10:31:59", "10:15:00", "10:00:00").isDue()).isFalse();
        IntervalWindow settled = window("10:32:00", "10:15:00", "10:00:00");
        assertThat(settled.publishes()).isTrue();
        assertThat(settled.start()).isEqualTo(at("10:15:00"));
        assertThat(settled.end()).isEqualTo(at("10:30:00"));
        assertThat(settled.corrects()).isFalse();
    }

    @Test
    void aPublishedIntervalIsReadAgainOnceAfterTheCorrectionDelay() {
        IntervalWindow window = window("10:47:30", "10:30:00", "10:00:00");
        assertThat(window.corrects()).isTrue();
        assertThat(window.isCorrection(at("10:15:00"))).isTrue();
        assertThat(window.isCorrection(at("10:30:00"))).isFalse();
        assertThat(window.readStart()).isEqualTo(at("10:00:00"));
        assertThat(window.end()).isEqualTo(at("10:45:00"));
        // Once corrected up to 10:15, that interval is not read again.
        assertThat(window("10:50:00", "10:45:00", "10:15:00").corrects()).isFalse();
    }

    @Test
    void theFirstPollPublishesTheLastClosedIntervalAndCorrectsNothing() {
        IntervalWindow first = window("10:17:30", null, null);
        assertThat(first.start()).isEqualTo(at("10:00:00"));
        assertThat(first.end()).isEqualTo(at("10:15:00"));
        assertThat(first.corrects()).isFalse();
    }

    @Test
    void aLongGapIsCaughtUpOnlyAsFarAsTheCatchUp() {
        IntervalWindow window = window("20:02:00", "08:00:00", "07:45:00");
        assertThat(window.start()).isEqualTo(at("14:00:00"));
        assertThat(window.end()).isEqualTo(at("20:00:00"));
        // What was published before the gap is older than the catch-up: it is not read again.
        assertThat(window.corrects()).isFalse();
    }
}
