package io.connectops.alerting.ruletest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The expanding notation of {@code promtool test rules} for the values of an input series, one step of the evaluation
 * interval per value: {@code 1 2 3}, {@code a+bxn} ({@code a}, then n further values growing by b), {@code a-bxn},
 * {@code axn} (a, n+1 times), {@code _} (no sample at that step), {@code _xn} (n steps without a sample). Ours adds
 * {@code nodata}: a sample that carries no value, as Connect sends when it returned nothing for an interval. Pure.
 */
public final class SeriesNotation {

    /** Most steps one series may expand to: a test file describes hours or days, not years of minutes. */
    public static final int MAX_STEPS = 100_000;

    private static final String NUMBER = "[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?";
    private static final Pattern EXPANDING = Pattern.compile(
            "(?<a>" + NUMBER + ")(?:(?<op>[+-])(?<b>(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?))?x(?<n>\\d{1,6})");
    private static final Pattern PLAIN = Pattern.compile(NUMBER);
    private static final Pattern MISSING = Pattern.compile("_(?:x(?<n>\\d{1,6}))?");

    /** One step of a series: no sample ({@link #MISSING}), a sample without a value, or a sample with one. */
    public record Step(boolean present, Double value) {
        public static final Step MISSING = new Step(false, null);
        public static final Step NO_DATA = new Step(true, null);

        static Step of(double value) {
            return new Step(true, value);
        }
    }

    /** A value string that is not the notation; the message says which token and why. */
    public static final class NotationException extends IllegalArgumentException {
        NotationException(String message) {
            super(message);
        }
    }

    private SeriesNotation() {
    }

    public static List<Step> expand(String values) {
        List<Step> steps = new ArrayList<>();
        if (values == null || values.isBlank()) {
            throw new NotationException("must hold at least one value, such as \"1 2 3\", \"0+1x10\" or \"_\"");
        }
        for (String token : values.strip().split("\\s+")) {
            Matcher missing = MISSING.matcher(token);
            Matcher expanding = EXPANDING.matcher(token);
            if (missing.matches()) {
                int count = missing.group("n") == null ? 1 : Integer.parseInt(missing.group("n"));
                add(steps, token, count, i -> Step.MISSING);
            } else if (token.equals("nodata")) {
                add(steps, token, 1, i -> Step.NO_DATA);
            } else if (expanding.matches()) {
                double start = Double.parseDouble(expanding.group("a"));
                double increment = expanding.group("b") == null ? 0 : Double.parseDouble(expanding.group("b"));
                double signed = "-".equals(expanding.group("op")) ? -increment : increment;
                int further = Integer.parseInt(expanding.group("n"));
                add(steps, token, further + 1, i -> Step.of(start + i * signed));
            } else if (PLAIN.matcher(token).matches()) {
                add(steps, token, 1, i -> Step.of(Double.parseDouble(token)));
            } else {
                throw new NotationException("'" + abbreviated(token) + "' is not a value: use numbers, a+bxn, a-bxn, "
                        + "axn, _ (no sample), _xn or nodata (a sample without a value)");
            }
        }
        return steps;
    }

    private interface StepAt {
        Step at(int index);
    }

    private static void add(List<Step> steps, String token, int count, StepAt step) {
        if (steps.size() + (long) count > MAX_STEPS) {
            throw new NotationException("expands to more than " + MAX_STEPS + " steps (at '" + abbreviated(token) + "')");
        }
        for (int i = 0; i < count; i++) {
            Step next = step.at(i);
            if (next.value() != null && !Double.isFinite(next.value())) {
                throw new NotationException("'" + abbreviated(token) + "' gives a value that is not finite");
            }
            steps.add(next);
        }
    }

    private static String abbreviated(String token) {
        return token.length() <= 40 ? token : token.substring(0, 40) + "…";
    }
}
