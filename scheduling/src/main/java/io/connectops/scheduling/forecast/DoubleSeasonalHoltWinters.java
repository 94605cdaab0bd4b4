package io.connectops.scheduling.forecast;

/**
 * Taylor's (2003) double-seasonal exponential smoothing in additive form: a level, a daily profile and a weekly
 * correction on top of it, plus an AR(1) adjustment of the one-step error. Additive, because contact centres have
 * intervals with no contacts at night, where multiplicative seasons divide by zero. Smoothing parameters are
 * chosen on a coarse grid by one-step-ahead squared error; the grid is small enough (a few hundred fits of a few
 * thousand points) to run in well under a second.
 */
public final class DoubleSeasonalHoltWinters {

    private static final double[] SMOOTHING_GRID = {0.01, 0.05, 0.15, 0.3, 0.5};
    private static final double[] AR_GRID = {0.0, 0.5, 0.9};

    /** Smoothing parameters: level, daily season, weekly season, AR(1) on the error. */
    public record Parameters(double alpha, double delta, double omega, double phi) {
    }

    /** A fitted model: parameters and the in-sample mean squared one-step error. */
    public record Fit(Parameters parameters, double meanSquaredError) {
    }

    private final int periodsPerDay;
    private final int periodsPerWeek;

    public DoubleSeasonalHoltWinters(int periodsPerDay) {
        if (periodsPerDay <= 0) {
            throw new IllegalArgumentException("periodsPerDay must be positive");
        }
        this.periodsPerDay = periodsPerDay;
        this.periodsPerWeek = 7 * periodsPerDay;
    }

    /** The shortest history the model can be fitted on: two weeks (one to initialise, one to learn). */
    public int minimumHistory() {
        return 2 * periodsPerWeek;
    }

    public Fit fit(double[] history) {
        checkLength(history);
        Fit best = null;
        for (double alpha : SMOOTHING_GRID) {
            for (double delta : SMOOTHING_GRID) {
                for (double omega : SMOOTHING_GRID) {
                    for (double phi : AR_GRID) {
                        Parameters parameters = new Parameters(alpha, delta, omega, phi);
                        double error = run(history, parameters, 0, null);
                        if (best == null || error < best.meanSquaredError()) {
                            best = new Fit(parameters, error);
                        }
                    }
                }
            }
        }
        return best;
    }

    /** Forecasts {@code horizon} periods after the end of {@code history}; never below zero. */
    public double[] forecast(double[] history, Parameters parameters, int horizon) {
        checkLength(history);
        double[] forecast = new double[horizon];
        run(history, parameters, horizon, forecast);
        return forecast;
    }

    private void checkLength(double[] history) {
        if (history.length < minimumHistory()) {
            throw new IllegalArgumentException("needs at least " + minimumHistory() + " periods of history, got "
                    + history.length);
        }
    }

    /** Smooths through the history (from its second week on) and returns the mean squared one-step error. */
    private double run(double[] y, Parameters p, int horizon, double[] forecast) {
        double level = 0;
        for (int t = 0; t < periodsPerWeek; t++) {
            level += y[t];
        }
        level /= periodsPerWeek;
        double[] daily = new double[periodsPerDay];
        for (int t = 0; t < periodsPerWeek; t++) {
            daily[t % periodsPerDay] += (y[t] - level) / 7.0;
        }
        double[] weekly = new double[periodsPerWeek];
        for (int t = 0; t < periodsPerWeek; t++) {
            weekly[t] = y[t] - level - daily[t % periodsPerDay];
        }
        double squaredError = 0;
        double lastError = 0;
        for (int t = periodsPerWeek; t < y.length; t++) {
            int d = t % periodsPerDay;
            int w = t % periodsPerWeek;
            double predicted = level + daily[d] + weekly[w] + p.phi() * lastError;
            double error = y[t] - predicted;
            squaredError += error * error;
            double newLevel = p.alpha() * (y[t] - daily[d] - weekly[w]) + (1 - p.alpha()) * level;
            daily[d] = p.delta() * (y[t] - newLevel - weekly[w]) + (1 - p.delta()) * daily[d];
            weekly[w] = p.omega() * (y[t] - newLevel - daily[d]) + (1 - p.omega()) * weekly[w];
            level = newLevel;
            lastError = error;
        }
        for (int h = 1; h <= horizon; h++) {
            int t = y.length - 1 + h;
            double value = level + daily[t % periodsPerDay] + weekly[t % periodsPerWeek]
                    + Math.pow(p.phi(), h) * lastError;
            forecast[h - 1] = Math.max(0.0, value);
        }
        return squaredError / (y.length - periodsPerWeek);
    }
}
