package io.connectops.alerting.domain;

/** How an aggregated value is compared with a rule's threshold; the condition holds when the comparison is true. */
public enum Comparator {
    GT(">"), GE(">="), LT("<"), LE("<="), EQ("=="), NE("!=");

    private final String symbol;

    Comparator(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    public boolean holds(double value, double threshold) {
        switch (this) {
            case GT:
                return value > threshold;
            case GE:
                return value >= threshold;
            case LT:
                return value < threshold;
            case LE:
                return value <= threshold;
            case EQ:
                return value == threshold;
            default:
                return value != threshold;
        }
    }
}
