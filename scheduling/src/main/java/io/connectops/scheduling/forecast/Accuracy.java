package io.connectops.scheduling.forecast;

/**
 * Forecast accuracy on a hold-out.
 *
 * @param wape Σ|y − ŷ| / Σ|y|: volume-weighted, so quiet intervals do not dominate as they do in MAPE
 * @param bias Σ(ŷ − y) / Σy: positive when the forecast runs high
 */
public record Accuracy(double wape, double bias, int periods) {

    public static Accuracy of(double[] actual, double[] forecast) {
        if (actual.length != forecast.length || actual.length == 0) {
            throw new IllegalArgumentException("actual and forecast must be non-empty and of the same length");
        }
        double absoluteError = 0;
        double error = 0;
        double volume = 0;
        for (int i = 0; i < actual.length; i++) {
            absoluteError += Math.abs(actual[i] - forecast[i]);
            error += forecast[i] - actual[i];
            volume += Math.abs(actual[i]);
        }
        if (volume == 0) {
            return new Accuracy(absoluteError == 0 ? 0.0 : Double.NaN, 0.0, actual.length);
        }
        return new Accuracy(absoluteError / volume, error / volume, actual.length);
    }
}
