package io.connectops.scheduling.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class DoubleSeasonalHoltWintersTest {

    private static final int PER_DAY = 48;

    /** Contacts per half hour: a daytime hump, quieter weekends, Poisson noise. */
    static double[] callCentreSeries(int days, long seed) {
        Random random = new Random(seed);
        double[] series = new double[days * PER_DAY];
        for (int t = 0; t < series.length; t++) {
            int slot = t % PER_DAY;
            int weekday = (t / PER_DAY) % 7;
            double hour = slot / 2.0;
            double daily = hour < 7 || hour >= 21 ? 2 : 20 + 60 * Math.sin(Math.PI * (hour - 7) / 14);
            double weekly = weekday >= 5 ? 0.4 : (weekday == 0 ? 1.2 : 1.0);
            series[t] = poisson(daily * weekly, random);
        }
        return series;
    }

    private static double poisson(double mean, Random random) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }

    @Test
    void wapeFollowsItsDefinition() {
        Accuracy accuracy = Accuracy.of(new double[] {10, 100, 50}, new double[] {15, 90, 55});
        assertEquals(0.125, accuracy.wape(), 1e-12);
        assertEquals(0.0, accuracy.bias(), 1e-12);
        assertEquals(0.1, Accuracy.of(new double[] {10, 10}, new double[] {11, 11}).bias(), 1e-12);
    }

    @Test
    void learnsDailyAndWeeklySeasonality() {
        double[] all = callCentreSeries(42, 7);
        int holdout = 7 * PER_DAY;
        double[] training = Arrays.copyOf(all, all.length - holdout);
        double[] actual = Arrays.copyOfRange(all, all.length - holdout, all.length);

        DoubleSeasonalHoltWinters model = new DoubleSeasonalHoltWinters(PER_DAY);
        DoubleSeasonalHoltWinters.Fit fit = model.fit(training);
        double[] forecast = model.forecast(training, fit.parameters(), holdout);
        Accuracy accuracy = Accuracy.of(actual, forecast);

        // Poisson noise alone gives a WAPE near 0.12 at these volumes; a seasonal-naive forecast does worse.
        assertTrue(accuracy.wape() < 0.2, "WAPE " + accuracy.wape());
        assertTrue(Math.abs(accuracy.bias()) < 0.05, "bias " + accuracy.bias());
        double[] lastWeek = Arrays.copyOfRange(training, training.length - holdout, training.length);
        assertTrue(accuracy.wape() < Accuracy.of(actual, lastWeek).wape(), "beats seasonal naive");

        // Saturday noon is far quieter than Monday noon in the forecast, as in the data.
        int mondayNoon = 24;
        int saturdayNoon = 5 * PER_DAY + 24;
        assertTrue(forecast[saturdayNoon] < 0.6 * forecast[mondayNoon]);
    }

    @Test
    void refusesTooShortAHistory() {
        DoubleSeasonalHoltWinters model = new DoubleSeasonalHoltWinters(PER_DAY);
        assertThrows(IllegalArgumentException.class, () -> model.fit(new double[13 * PER_DAY]));
    }
}
