package io.connectops.alerting.rules;

/** How an aggregated value is compared with a rule's threshold; the condition holds when the comparison is true. */
public enum ThresholdComparator {
    GT, GE, LT, LE, EQ, NE;

    public boolean holds(double value, double threshold) {
        return switch (this) {
            case GT -> value > threshold;
            case GE -> value >= threshold;
            case LT -> value < threshold;
            case LE -> value <= threshold;
            case EQ -> value == threshold;
            case NE -> value != threshold;
        };
    }
}
