package io.connectops.scheduling.intraday;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class IntradayReforecastTest {

    private static final Instant EIGHT = Instant.parse("2026-06-01T08:00:00Z");

    private static Instant at(int halfHours) {
        return EIGHT.plusSeconds(1800L * halfHours);
    }

    private static final List<IntradayReforecast.Load> FORECAST = List.of(
            new IntradayReforecast.Load(at(0), 100, 300.0), new IntradayReforecast.Load(at(1), 100, 300.0),
            new IntradayReforecast.Load(at(2), 120, 300.0), new IntradayReforecast.Load(at(3), 80, 300.0));

    @Test
    void scalesTheRestOfTheDayByTheVolumeAndHandleTimeSoFar() {
        List<IntradayReforecast.Load> actuals = List.of(new IntradayReforecast.Load(at(0), 110, 330.0),
                new IntradayReforecast.Load(at(1), 130, 330.0));

        IntradayReforecast.Result result = IntradayReforecast.of(FORECAST, actuals, at(2), 1800);

        assertThat(result.elapsedIntervals()).isEqualTo(2);
        assertThat(result.forecastContactsSoFar()).isEqualTo(200.0);
        assertThat(result.actualContactsSoFar()).isEqualTo(240.0);
        assertThat(result.volumeRatio()).isCloseTo(1.2, within(1e-12));
        assertThat(result.ahtRatio()).isCloseTo(1.1, within(1e-12));
        assertThat(result.remaining()).hasSize(2);
        assertThat(result.remaining().get(0).start()).isEqualTo(at(2));
        assertThat(result.remaining().get(0).contacts()).isCloseTo(144.0, within(1e-9));
        assertThat(result.remaining().get(0).ahtSeconds()).isCloseTo(330.0, within(1e-9));
        assertThat(result.remaining().get(1).contacts()).isCloseTo(96.0, within(1e-9));
        assertThat(result.remaining().get(1).forecastContacts()).isEqualTo(80.0);
    }

    @Test
    void anIntervalStillRunningIsNeitherElapsedNorRemaining() {
        // At 09:10 the 09:00 interval is running: its partial count must not skew the ratio, nor is it re-forecast.
        List<IntradayReforecast.Load> actuals = List.of(new IntradayReforecast.Load(at(0), 50, null),
                new IntradayReforecast.Load(at(2), 10, null));

        IntradayReforecast.Result result = IntradayReforecast.of(FORECAST, actuals, at(2).plusSeconds(600), 1800);

        assertThat(result.elapsedIntervals()).isEqualTo(1);
        assertThat(result.volumeRatio()).isEqualTo(0.5);
        assertThat(result.ahtRatio()).isEqualTo(1.0);
        assertThat(result.remaining()).extracting(IntradayReforecast.Reforecast::start).containsExactly(at(3));
        assertThat(result.remaining().get(0).contacts()).isEqualTo(40.0);
    }

    @Test
    void withoutActualsTheForecastStands() {
        IntradayReforecast.Result result = IntradayReforecast.of(FORECAST, List.of(), at(1), 1800);

        assertThat(result.elapsedIntervals()).isZero();
        assertThat(result.volumeRatio()).isEqualTo(1.0);
        assertThat(result.remaining()).extracting(IntradayReforecast.Reforecast::contacts)
                .containsExactly(100.0, 120.0, 80.0);
    }
}
